import type { GrammarSample, ParsedTime } from "../../src/model/frame.js";

/** Local time fields as written, for the expectations below. */
function at(date: string, clock: string, fraction: string, extra: Partial<ParsedTime> = {}): Partial<ParsedTime> {
  const [year, month, day] = date.split("-").map(Number);
  const [hour, minute, second] = clock.split(":").map(Number);
  return { year, month, day, hour, minute, second, fraction, ...extra };
}

const CLISVCL = String.raw`C:\WINNT\MS\SMS\CORE\BIN\CLISVCL.EXE`;
const SINVPROC = "SMS_SOFTWARE_INVENTORY_PROCESSOR";
const PST = { zoneName: "Pacific Standard Time" };
const LOADER = "SMS_INVENTORY_DATA_LOADER";
const HINV = "Hardware Inventory Agent";

/**
 * Real lines are copied exactly from /work/shared/real-excerpts (one sample per published block, since the
 * input layer splits at blank lines); synthetic lines cover the variants no excerpt shows.
 */
export const traceSamples: GrammarSample[] = [
  {
    // source: clisvc-Q246331a.txt
    name: "real clisvc-Q246331a: SMS 2.0 client service, exe path as component, ~ as line break",
    text: String.raw`Client Configuration Installation Manager - (LAUNCH_CONTINUOUS_START)~  $$<C:\WINNT\MS\SMS\CORE\BIN\CLISVCL.EXE><Mon Nov 15 16:54:10.112 1999><thread=52 (0x34)>
Client Configuration Installation Manager - Attempting to launch application ~  $$<C:\WINNT\MS\SMS\CORE\BIN\CLISVCL.EXE><Mon Nov 15 16:54:10.190 1999><thread=52 (0x34)>
Verifying application [C:\WINNT\MS\SMS\core\Bin\ccim32.dll]~  $$<C:\WINNT\MS\SMS\CORE\BIN\CLISVCL.EXE><Mon Nov 15 16:54:10.190 1999><thread=52 (0x34)>
#$#$#$#$#$ ERROR: The Client Service is not authorised to run this application! (5)~  $$<C:\WINNT\MS\SMS\CORE\BIN\CLISVCL.EXE><Mon Nov 15 16:54:10.253 1999><thread=52 (0x34)>
*** Client Configuration Installation Manager - Error launching (#0x5)  $$<C:\WINNT\MS\SMS\CORE\BIN\CLISVCL.EXE><Mon Nov 15 16:54:10.253 1999><thread=52 (0x34)>
!!!WARNING: Problem starting App (5). Doing App Verify.  $$<C:\WINNT\MS\SMS\CORE\BIN\CLISVCL.EXE><Mon Nov 15 16:54:10.253 1999><thread=52 (0x34)>`,
    records: [
      {
        format: "trace",
        message: "Client Configuration Installation Manager - (LAUNCH_CONTINUOUS_START)\n",
        component: CLISVCL,
        time: at("1999-11-15", "16:54:10", "112"),
        thread: 52,
        type: null,
        flags: [],
      },
      {
        message: "Client Configuration Installation Manager - Attempting to launch application \n",
        component: CLISVCL,
        time: at("1999-11-15", "16:54:10", "190"),
        thread: 52,
      },
      {
        message: String.raw`Verifying application [C:\WINNT\MS\SMS\core\Bin\ccim32.dll]` + "\n",
        time: at("1999-11-15", "16:54:10", "190"),
      },
      {
        message: "#$#$#$#$#$ ERROR: The Client Service is not authorised to run this application! (5)\n",
        component: CLISVCL,
        time: at("1999-11-15", "16:54:10", "253"),
        thread: 52,
        flags: [],
      },
      { message: "*** Client Configuration Installation Manager - Error launching (#0x5)", thread: 52 },
      { message: "!!!WARNING: Problem starting App (5). Doing App Verify.", component: CLISVCL, flags: [] },
    ],
  },
  {
    // source: sinvproc-Q248969.txt
    name: "real sinvproc-Q248969: SMS 2.0 site server with a zone name",
    text: String.raw`  Processing file: D:\SMS\inboxes\sinv.box\7U74Z2GZ.sid  $$<SMS_SOFTWARE_INVENTORY_PROCESSOR><Fri Dec 10 01:12:40.304 1999 Pacific Standard Time><thread=322 (0x142)>
  ERROR - Failed to open file D:\SMS\inboxes\sinv.box\7U74Z2GZ.sid  $$<SMS_SOFTWARE_INVENTORY_PROCESSOR><Fri Dec 10 01:12:40.304 1999 Pacific Standard Time><thread=322 (0x142)>
  ERROR - Failed to move file D:\SMS\inboxes\sinv.box\7U74Z2GZ.sid to D:\SMS\inboxes\sinv.box\BADSinv\OFW94C1G.sid Directory, Win32 = 32  $$<SMS_SOFTWARE_INVENTORY_PROCESSOR><Fri Dec 10 01:12:40.320 1999 Pacific Standard Time><thread=322 (0x142)>
  WARNING - Delete file D:\SMS\inboxes\sinv.box\7U74Z2GZ.sid failed, Win32 = 32  $$<SMS_SOFTWARE_INVENTORY_PROCESSOR><Fri Dec 10 01:12:40.320 1999 Pacific Standard Time><thread=322 (0x142)>`,
    records: [
      {
        format: "trace",
        message: String.raw`  Processing file: D:\SMS\inboxes\sinv.box\7U74Z2GZ.sid`,
        component: SINVPROC,
        time: at("1999-12-10", "01:12:40", "304", PST),
        thread: 322,
        flags: [],
      },
      { component: SINVPROC, time: at("1999-12-10", "01:12:40", "304", PST), thread: 322 },
      {
        message: String.raw`  ERROR - Failed to move file D:\SMS\inboxes\sinv.box\7U74Z2GZ.sid to D:\SMS\inboxes\sinv.box\BADSinv\OFW94C1G.sid Directory, Win32 = 32`,
        time: at("1999-12-10", "01:12:40", "320", PST),
      },
      { component: SINVPROC, time: at("1999-12-10", "01:12:40", "320", PST), thread: 322, flags: [] },
    ],
  },
  {
    // source: smsapm32-Q268500.txt
    name: "real smsapm32-Q268500: SMS 2.0 client, sub-component tags and ~~ stay in the message",
    text: String.raw`  SCHED DATA  : Return code = 0x80070047; No more connections can be made to this remote computer at this time because there are already as many connections as the computer can accept.~~; Could not enable program 'test1.bat'.~  $$<APM><Tue May 16 13:17:10.804 2000><thread=1512 (0x5E8)>
  IPC PIPE    : HANDLE 0x234 IPC Close Event signaled SMS_CLIENT_EVENT_PEA32_CLOSE~  $$<APM><Tue May 16 13:17:10.834 2000><thread=532 (0x214)>
  IPC PIPE    : CAPPipe::SmartReadFile - Shutdown Signaled _SMS_SMARTFILE_CLIENT_SEMAP_630.1~  $$<APM><Tue May 16 13:17:10.834 2000><thread=532 (0x214)>
  IPC PIPE    : ---> Client has disconnected. Shutting down this IPC thread. <--~  $$<APM><Tue May 16 13:17:10.834 2000><thread=532 (0x214)>
  IPC PIPE    : CAPPipe :: BlockingListen - Setting NOT_CONNECTED~  $$<APM><Tue May 16 13:17:10.834 2000><thread=532 (0x214)>
  IPC PIPE    : Shutdown In Progress on call to CAPPipe::WaitOnEvent~  $$<APM><Tue May 16 13:17:10.844 2000><thread=1512 (0x5E8)>
  IPC PIPE    : ERROR: BlockingSendMessage DID NOT RECEIVE REPLY TO MESSAGE. Message Type = 0x4000008  $$<APM><Tue May 16 13:17:10.844 2000><thread=1512 (0x5E8)>
  IPC SERVER  : CAPPipeServer :: Release - Refcount now 1~  $$<APM><Tue May 16 13:17:10.844 2000><thread=1512 (0x5E8)>
  SCHED DATA  : Reporting status : APA_JOB_STATUS_UNKNOWN~  $$<APM><Tue May 16 13:17:10.844 2000><thread=1512 (0x5E8)>
  SCHED DATA  : Setting job status to 0xd.~  $$<APM><Tue May 16 13:17:10.854 2000><thread=1512 (0x5E8)>
  SCHED DATA  : Program completed unsuccessfully.~  $$<APM><Tue May 16 13:17:10.854 2000><thread=1512 (0x5E8)>
  SCHED DATA  : Handling an error condition (0x80070047) for program Run test1.bat in package Test batch file #1.~  $$<APM><Tue May 16 13:17:10.854 2000><thread=1512 (0x5E8)>
  SCHED DATA  : Beginning with a job run status set to APA_RUNSTATUS_NOT_RUNNING.~  $$<APM><Tue May 16 13:17:10.854 2000><thread=1512 (0x5E8)>
  SCHED DATA  : *** UNRECOGNISED JOB COMPLETION RETURN CODE. ASSUMING UNSUCCESSFUL EXECUTION~  $$<APM><Tue May 16 13:17:10.854 2000><thread=1512 (0x5E8)>
  SCHED DATA  : The error requires that some type of reschedule action be taken.~  $$<APM><Tue May 16 13:17:10.854 2000><thread=1512 (0x5E8)>
  SCHED DATA  : Attempting to get action for failure condition 0x80070047.~  $$<APM><Tue May 16 13:17:10.854 2000><thread=1512 (0x5E8)>
  SCHEDULER   : The monitor has indicated that a countdown dialog is not required before executing a scheduled program.~  $$<APM><Tue May 16 13:17:10.854 2000><thread=1512 (0x5E8)>
  SCHED DATA  : The job failed or some unknown error has occurred.  Get the Job Failed Action from the registry.~  $$<APM><Tue May 16 13:17:10.864 2000><thread=1512 (0x5E8)>
  SCHED DATA  : Returning action code 2.~  $$<APM><Tue May 16 13:17:10.864 2000><thread=1512 (0x5E8)>
  SCHED DATA  : Determining whether to unschedule or schedule this job based on its current settings.~  $$<APM><Tue May 16 13:17:10.884 2000><thread=1512 (0x5E8)>
  SCHED DATA  : For program Run test1.bat in package Test batch file #1 compiling all offers in order to get its schedule time and attributes.~  $$<APM><Tue May 16 13:17:10.894 2000><thread=1512 (0x5E8)>
  SCHEDULER   : Determining whether to unschedule or schedule the next time the program will run ...~  $$<APM><Tue May 16 13:17:10.894 2000><thread=1512 (0x5E8)>
  SCHEDULER   : Unscheduling program Run test1.bat in package Test batch file #1 for <ANY USER>.~  $$<APM><Tue May 16 13:17:10.894 2000><thread=1512 (0x5E8)>`,
    records: [
      {
        format: "trace",
        message:
          "  SCHED DATA  : Return code = 0x80070047; No more connections can be made to this remote computer at" +
          " this time because there are already as many connections as the computer can accept.\n\n; Could not enable program 'test1.bat'.\n",
        component: "APM",
        time: at("2000-05-16", "13:17:10", "804"),
        thread: 1512,
        type: null,
        flags: [],
      },
      {
        message: "  IPC PIPE    : HANDLE 0x234 IPC Close Event signaled SMS_CLIENT_EVENT_PEA32_CLOSE\n",
        time: at("2000-05-16", "13:17:10", "834"),
        thread: 532,
      },
      {
        message: "  IPC PIPE    : CAPPipe::SmartReadFile - Shutdown Signaled _SMS_SMARTFILE_CLIENT_SEMAP_630.1\n",
        time: at("2000-05-16", "13:17:10", "834"),
        thread: 532,
      },
      {
        message: "  IPC PIPE    : ---> Client has disconnected. Shutting down this IPC thread. <--\n",
        time: at("2000-05-16", "13:17:10", "834"),
        thread: 532,
      },
      {
        message: "  IPC PIPE    : CAPPipe :: BlockingListen - Setting NOT_CONNECTED\n",
        time: at("2000-05-16", "13:17:10", "834"),
        thread: 532,
      },
      {
        message: "  IPC PIPE    : Shutdown In Progress on call to CAPPipe::WaitOnEvent\n",
        time: at("2000-05-16", "13:17:10", "844"),
        thread: 1512,
      },
      {
        message:
          "  IPC PIPE    : ERROR: BlockingSendMessage DID NOT RECEIVE REPLY TO MESSAGE. Message Type = 0x4000008",
        time: at("2000-05-16", "13:17:10", "844"),
        thread: 1512,
      },
      {
        message: "  IPC SERVER  : CAPPipeServer :: Release - Refcount now 1\n",
        time: at("2000-05-16", "13:17:10", "844"),
        thread: 1512,
      },
      {
        message: "  SCHED DATA  : Reporting status : APA_JOB_STATUS_UNKNOWN\n",
        time: at("2000-05-16", "13:17:10", "844"),
        thread: 1512,
      },
      {
        message: "  SCHED DATA  : Setting job status to 0xd.\n",
        time: at("2000-05-16", "13:17:10", "854"),
        thread: 1512,
      },
      {
        message: "  SCHED DATA  : Program completed unsuccessfully.\n",
        time: at("2000-05-16", "13:17:10", "854"),
        thread: 1512,
      },
      {
        message:
          "  SCHED DATA  : Handling an error condition (0x80070047) for program Run test1.bat in package Test batch file #1.\n",
        time: at("2000-05-16", "13:17:10", "854"),
        thread: 1512,
      },
      {
        message: "  SCHED DATA  : Beginning with a job run status set to APA_RUNSTATUS_NOT_RUNNING.\n",
        time: at("2000-05-16", "13:17:10", "854"),
        thread: 1512,
      },
      {
        message: "  SCHED DATA  : *** UNRECOGNISED JOB COMPLETION RETURN CODE. ASSUMING UNSUCCESSFUL EXECUTION\n",
        time: at("2000-05-16", "13:17:10", "854"),
        thread: 1512,
      },
      {
        message: "  SCHED DATA  : The error requires that some type of reschedule action be taken.\n",
        time: at("2000-05-16", "13:17:10", "854"),
        thread: 1512,
      },
      {
        message: "  SCHED DATA  : Attempting to get action for failure condition 0x80070047.\n",
        time: at("2000-05-16", "13:17:10", "854"),
        thread: 1512,
      },
      {
        message:
          "  SCHEDULER   : The monitor has indicated that a countdown dialog is not required before executing a scheduled program.\n",
        time: at("2000-05-16", "13:17:10", "854"),
        thread: 1512,
      },
      {
        message:
          "  SCHED DATA  : The job failed or some unknown error has occurred.  Get the Job Failed Action from the registry.\n",
        time: at("2000-05-16", "13:17:10", "864"),
        thread: 1512,
      },
      {
        message: "  SCHED DATA  : Returning action code 2.\n",
        time: at("2000-05-16", "13:17:10", "864"),
        thread: 1512,
      },
      {
        message:
          "  SCHED DATA  : Determining whether to unschedule or schedule this job based on its current settings.\n",
        time: at("2000-05-16", "13:17:10", "884"),
        thread: 1512,
      },
      {
        message:
          "  SCHED DATA  : For program Run test1.bat in package Test batch file #1 compiling all offers in order to get its schedule time and attributes.\n",
        time: at("2000-05-16", "13:17:10", "894"),
        thread: 1512,
      },
      {
        message:
          "  SCHEDULER   : Determining whether to unschedule or schedule the next time the program will run ...\n",
        time: at("2000-05-16", "13:17:10", "894"),
        thread: 1512,
      },
      {
        message: "  SCHEDULER   : Unscheduling program Run test1.bat in package Test batch file #1 for <ANY USER>.\n",
        time: at("2000-05-16", "13:17:10", "894"),
        thread: 1512,
      },
    ],
  },
  {
    // source: datalodr-Q175763.txt
    name: "real datalodr-Q175763: SMS 1.x, hex thread, no fraction, wrapped by the KB, last suffix cut short",
    text: String.raw`  Adding group: MICROSOFT|IDENTIFICATION|1.0...
  $$<SMS_INVENTORY_DATA_LOADER><Tue Nov 04 13:07:27 1997~><thread=A0>
  Adding group: MICROSOFT|MOUSE|1.0...   $$<SMS_INVENTORY_DATA_LOADER><Tue
  Nov 04 13:07:27 1997~><thread=A0>
  Adding group: MICROSOFT|VIDEO|1.0...   $$<SMS_INVENTORY_DATA_LOADER><Tue
  Nov 04 13:07:27 1997~><thread=A0>
  Adding group: MICROSOFT|SOFTWARE|1.0...   $$<SMS_INVENTORY_DATA_LOADER><Tue
  Nov 04 13:07:28 1997~><thread=A0>
  Adding group: MICROSOFT|SOFTWARE|1.0...   $$<SMS_INVENTORY_DATA_LOADER><Tue
  Nov 04 13:07:29 1997~><thread=A0>
  Adding group: MICROSOFT|SOFTWARE|1.0...   $$<SMS_INVENTORY_DATA_LOADER><Tue
  Nov 04 13:07:30 1997~><thread=A0>
  finished processing current machine.   $$<SMS_INVENTORY_DATA_LOADER><Tue
  Nov 04 13:07:31 1997~><thread=A0>
  ~No more machine MIFs to be processed, terminating thread
  $$<SMS_INVENTORY_DATA_LOADER><Tue Nov 04 13:07:31`,
    records: [
      {
        format: "trace",
        message: "  Adding group: MICROSOFT|IDENTIFICATION|1.0...",
        component: LOADER,
        time: at("1997-11-04", "13:07:27", ""),
        thread: 160,
        flags: ["message-rejoined", "no-fraction"],
      },
      {
        message: "  Adding group: MICROSOFT|MOUSE|1.0...",
        component: LOADER,
        time: at("1997-11-04", "13:07:27", ""),
        thread: 160,
        flags: ["suffix-rejoined", "no-fraction"],
      },
      { message: "  Adding group: MICROSOFT|VIDEO|1.0...", time: at("1997-11-04", "13:07:27", "") },
      { message: "  Adding group: MICROSOFT|SOFTWARE|1.0...", time: at("1997-11-04", "13:07:28", "") },
      { message: "  Adding group: MICROSOFT|SOFTWARE|1.0...", time: at("1997-11-04", "13:07:29", "") },
      { message: "  Adding group: MICROSOFT|SOFTWARE|1.0...", time: at("1997-11-04", "13:07:30", "") },
      {
        message: "  finished processing current machine.",
        time: at("1997-11-04", "13:07:31", ""),
        thread: 160,
        flags: ["suffix-rejoined", "no-fraction"],
      },
      {
        format: "trace",
        message: "  \nNo more machine MIFs to be processed, terminating thread",
        component: LOADER,
        time: null,
        thread: null,
        flags: ["message-rejoined", "suffix-truncated"],
      },
    ],
  },
  {
    // source: hinv32-Q262242.txt (first block)
    name: "real hinv32-Q262242: suffix wrapped over three lines and double-escaped by the KB, one separator space",
    text: String.raw`  CLASS - Process Class: Win32_NTEventlogFile $$&<Hardware Inventory
  Agent&>&<Fri May 05 10:00:14.466
  2000&>&<thread=175 (0xAF)&>`,
    records: [
      {
        format: "trace",
        message: "  CLASS - Process Class: Win32_NTEventlogFile",
        component: HINV,
        time: at("2000-05-05", "10:00:14", "466"),
        thread: 175,
        flags: ["suffix-rejoined", "html-escaped"],
      },
    ],
  },
  {
    // source: hinv32-Q262242.txt (second block)
    name: "real hinv32-Q262242: message wrapped before a wrapped suffix",
    text: String.raw`  WARNING - Unable to return all values of property Sources of
  Win32_NTEventlogFile, max length reached !! $$<Hardware Inventory
  Agent><Fri May 05 10:00:20.775 2000><thread=175 (0xAF)>`,
    records: [
      {
        format: "trace",
        message:
          "  WARNING - Unable to return all values of property Sources of Win32_NTEventlogFile, max length reached !!",
        component: HINV,
        time: at("2000-05-05", "10:00:20", "775"),
        thread: 175,
        flags: ["suffix-rejoined", "message-rejoined"],
      },
    ],
  },
  {
    // source: hinv32-Q262242.txt (fourth block)
    name: "real hinv32-Q262242: suffix wrapped between day and month names",
    text: String.raw`  WARNING - Property EventIdentifier of Win32_NTLogEvent has been skipped.
  Integer 2147490648 is too large !! $$<Hardware Inventory Agent><Fri
  May 05 10:00:21.837 2000><thread=175 (0xAF)>`,
    records: [
      {
        format: "trace",
        message:
          "  WARNING - Property EventIdentifier of Win32_NTLogEvent has been skipped. Integer 2147490648 is too large !!",
        component: HINV,
        time: at("2000-05-05", "10:00:21", "837"),
        thread: 175,
        flags: ["suffix-rejoined", "message-rejoined"],
      },
    ],
  },
  {
    // source: wnlogon-Q253648.txt
    name: "real wnlogon-Q253648: 16-bit bootstrap, component-only suffix, on its own line and after a wrapped message",
    text: String.raw`  Wrote "SMSClientPath=C:\WINDOWS\" into file "C:\TEMP\SMSBOOT1.INI", iRet = 1
  $$<SMSBOOT1.EXE>
  Calling _spawnl("C:\WINDOWS\MS\SMS\CORE\BIN\Boot32wn.exe",
  "C:\WINDOWS\MS\SMS\CORE\BIN\Boot32wn.exe", "-NT", "-OC:\TEMP\SMSBOOT1.INI",
  NULL, NULL) $$<SMSBOOT1.EXE>`,
    records: [
      {
        format: "trace",
        message: String.raw`  Wrote "SMSClientPath=C:\WINDOWS\" into file "C:\TEMP\SMSBOOT1.INI", iRet = 1`,
        component: "SMSBOOT1.EXE",
        time: null,
        thread: null,
        flags: ["message-rejoined", "component-only"],
      },
      {
        format: "trace",
        message: String.raw`  Calling _spawnl("C:\WINDOWS\MS\SMS\CORE\BIN\Boot32wn.exe", "C:\WINDOWS\MS\SMS\CORE\BIN\Boot32wn.exe", "-NT", "-OC:\TEMP\SMSBOOT1.INI", NULL, NULL)`,
        component: "SMSBOOT1.EXE",
        time: null,
        flags: ["message-rejoined", "component-only"],
      },
    ],
  },
  {
    // source: hinv32-Q302354.txt
    name: "real hinv32-Q302354: message-only lines (suffix not published), the wrapped ones re-joined",
    // Written as a list: most lines end in blanks, which editors would strip from a template literal.
    text: [
      "  Hardware Inventory Agent completed in 00 hours, 00 mins, 42 secs !  ",
      "  <<<<<<<<<<<<< EXCEPTION EXCEPTION EXCEPTION >>>>>>>>>>>>> ",
      "  <<CLIEXCEPT>> (Logged to all threads) An exception was raised in the ",
      "  application '<unknown>', thread 0x500 (<unknown>)~  ",
      "  <<CLIEXCEPT>> A fatal exception occurred in THIS THREAD. Information ",
      "  follows:~  ",
      "  <<CLIEXCEPT>> The exception was not an MFC CException. A detailed ",
      "  information dump will follow...~  ",
      '  ======= Logging initialized for module "Hardware Inventory Agent" =======',
      "  Hardware Inventory Agent cycle started ..... !  ",
    ].join("\n"),
    records: [
      {
        format: "plain",
        message: "  Hardware Inventory Agent completed in 00 hours, 00 mins, 42 secs !  ",
        component: null,
        thread: null,
        type: null,
        time: null,
        flags: [],
      },
      { format: "plain", message: "  <<<<<<<<<<<<< EXCEPTION EXCEPTION EXCEPTION >>>>>>>>>>>>> ", flags: [] },
      {
        format: "plain",
        message:
          "  <<CLIEXCEPT>> (Logged to all threads) An exception was raised in the application '<unknown>', thread 0x500 (<unknown>)~  ",
        flags: ["message-rejoined"],
      },
      {
        format: "plain",
        message: "  <<CLIEXCEPT>> A fatal exception occurred in THIS THREAD. Information follows:~  ",
        flags: ["message-rejoined"],
      },
      {
        format: "plain",
        message:
          "  <<CLIEXCEPT>> The exception was not an MFC CException. A detailed information dump will follow...~  ",
      },
      {
        format: "plain",
        message: '  ======= Logging initialized for module "Hardware Inventory Agent" =======',
        flags: [],
      },
      { format: "plain", message: "  Hardware Inventory Agent cycle started ..... !  ", time: null, flags: [] },
    ],
  },
  {
    // source: smsapm32-Q240921.txt (first block)
    name: "real smsapm32-Q240921: message-only lines with a sub-component tag",
    text: `  SCHEDULER : Checking if a user is actually logged on.
  SCHEDULER : A user is logged on to the system.`,
    records: [
      { format: "plain", message: "  SCHEDULER : Checking if a user is actually logged on.", time: null },
      { format: "plain", message: "  SCHEDULER : A user is logged on to the system.", time: null },
    ],
  },
  {
    // source: smsapm32-Q253197.txt (second block)
    name: "real smsapm32-Q253197: a message-only entry wrapped over three lines is one, $ and ~~ kept as written",
    text: String.raw`  SCHED DATA : Return code = 0x3; The system cannot find the path specified.~~;
  Program '\\SMSD4L8PDCUS\SMSPKGC$\RS100006\mfctest.exe' terminated with exit
  code = 3.`,
    records: [
      {
        format: "plain",
        message: String.raw`  SCHED DATA : Return code = 0x3; The system cannot find the path specified.~~; Program '\\SMSD4L8PDCUS\SMSPKGC$\RS100006\mfctest.exe' terminated with exit code = 3.`,
        flags: ["message-rejoined"],
      },
    ],
  },
  {
    name: "pasted: a message-only quote wrapped at 80 columns is one entry; short or finished lines stay apart",
    text: [
      "  WARNING - Unable to return all values of property IPAddress of",
      "  Win32_NetworkAdapterConfiguration, max length reached !!",
      "  SCHEDULER : Checking if a user is actually logged on",
      "  SCHEDULER : A user is logged on to the system.",
      "Requesting content CEN0005E.2, size(KB) 21857, under context System",
      "Submitted CTM job {CAE5F0E2-A9E8-449E-A86F-2DFDB9D44EF2} to download Content CEN0005E.2 under context System",
    ].join("\r\n"),
    records: [
      {
        format: "plain",
        message:
          "  WARNING - Unable to return all values of property IPAddress of Win32_NetworkAdapterConfiguration, max length reached !!",
        flags: ["message-rejoined"],
      },
      { format: "plain", message: "  SCHEDULER : Checking if a user is actually logged on", flags: [] },
      { format: "plain", message: "  SCHEDULER : A user is logged on to the system.", flags: [] },
      { format: "plain", message: "Requesting content CEN0005E.2, size(KB) 21857, under context System", flags: [] },
      { format: "plain", flags: [] },
    ],
  },
  {
    name: "SMS 2003 numeric time with a bias (UTC = local + bias), positive and negative",
    text:
      "Synchronizing catalog  $$<SMS_WSUS_SYNC_MANAGER><08-14-2006 14:23:45.123+300><thread=2236 (0x8BC)>\r\n" +
      "Sync done  $$<SMS_WSUS_SYNC_MANAGER><8-4-2006 09:05:00.000-60><thread=2236 (0x8BC)>\r\n",
    records: [
      {
        format: "trace",
        message: "Synchronizing catalog",
        component: "SMS_WSUS_SYNC_MANAGER",
        time: at("2006-08-14", "14:23:45", "123", { bias: 300 }),
        thread: 2236,
        flags: [],
      },
      { message: "Sync done", time: at("2006-08-04", "09:05:00", "000", { bias: -60 }), flags: [] },
    ],
  },
  {
    name: "SMS 2003 numeric time with a malformed or missing bias",
    text:
      "Scan started  $$<PatchInstall><03-02-2005 08:00:01.500+-420><thread=12 (0xC)>\n" +
      "Scan finished  $$<PatchInstall><03-02-2005 08:00:02.750><thread=12 (0xC)>\n",
    records: [
      { time: at("2005-03-02", "08:00:01", "500", { bias: null }), thread: 12, flags: ["bias-malformed"] },
      { time: at("2005-03-02", "08:00:02", "750", { bias: null }), thread: 12, flags: ["bias-missing"] },
    ],
  },
  {
    name: "Windows 9x client: space before > and a large unsigned thread",
    text: "SCHEDULER   : Checking if a user is actually logged on.~  $$<APM><Tue May 16 13:17:10.804 2000 ><thread=4294798339 (0xFFFD6C03)>",
    records: [
      {
        format: "trace",
        message: "SCHEDULER   : Checking if a user is actually logged on.\n",
        component: "APM",
        time: at("2000-05-16", "13:17:10", "804"),
        thread: 4294798339,
        flags: [],
      },
    ],
  },
  {
    // Pasted shapes of the reference (log-formats.md, "Pasted shapes seen in published KB text"); names, times and
    // threads made up.
    name: "pasted: suffix split over four lines, one part per line (message / $$<component> / <time> / <thread>)",
    text: [
      "  WARNING - Could not open the cache folder, Win32 = 3",
      "  $$<SMS_EXAMPLE_COMPONENT>",
      "  <Mon Oct 04 08:12:30.115 1999 Eastern Daylight Time>",
      "  <thread=212 (0xD4)>",
    ].join("\r\n"),
    records: [
      {
        format: "trace",
        message: "  WARNING - Could not open the cache folder, Win32 = 3",
        component: "SMS_EXAMPLE_COMPONENT",
        time: at("1999-10-04", "08:12:30", "115", { zoneName: "Eastern Daylight Time" }),
        thread: 212,
        flags: ["suffix-rejoined", "message-rejoined"],
      },
    ],
  },
  {
    name: "pasted: wrap before the time; the line with time and thread goes on with the next entry, which shares it",
    text:
      "  CLASS - Process Class: Win32_Processor  $$<Hardware Inventory Agent>\n" +
      "  <Fri May 05 10:00:14.466 2000><thread=175 (0xAF)>  CLASS - Process Class: Win32_BIOS  $$<Hardware Inventory Agent>\n" +
      "  <Fri May 05 10:00:15.002 2000><thread=175 (0xAF)>\n",
    records: [
      {
        format: "trace",
        start: 0,
        message: "  CLASS - Process Class: Win32_Processor",
        component: HINV,
        time: at("2000-05-05", "10:00:14", "466"),
        thread: 175,
        flags: ["suffix-rejoined"],
      },
      {
        format: "trace",
        message: "  CLASS - Process Class: Win32_BIOS",
        component: HINV,
        time: at("2000-05-05", "10:00:15", "002"),
        thread: 175,
        flags: ["suffix-rejoined"],
      },
    ],
  },
  {
    name: "pasted: wrap before the thread, and a line that only starts like a suffix field stays apart",
    text:
      "Job started  $$<APM><Tue May 16 13:17:10.804 2000>\n" +
      "<thread=1512 (0x5E8)>\n" +
      "Bootstrap done  $$<SMSBOOT1.EXE>\n" +
      "<thread=7 (0x7)> is not a time\n",
    records: [
      {
        format: "trace",
        message: "Job started",
        component: "APM",
        time: at("2000-05-16", "13:17:10", "804"),
        thread: 1512,
        flags: ["suffix-rejoined"],
      },
      {
        format: "trace",
        message: "Bootstrap done",
        component: "SMSBOOT1.EXE",
        time: null,
        thread: null,
        flags: ["component-only"],
      },
      { format: "plain", message: "<thread=7 (0x7)> is not a time" },
    ],
  },
  {
    name: "pasted: an HTML line break after each suffix, a space where the zone name would be",
    text:
      "Msg one  $$<Example.dll><Tue Jan 11 10:01:02.003 2000><thread=88 (0x58)><BR/>\r\n" +
      "SCHEDULER : Program completed.~  $$<APM><Wed May 10 09:15:12.360 2000 ><thread=1512 (0x5E8)><br>\r\n" +
      "Msg three  $$<Example.dll>\r\n" +
      "<Tue Jan 11 10:01:02.050 2000 ><thread=88 (0x58)><BR />\r\n" +
      "\r\n" +
      "  WARNING - Unable to return all values of property IPAddress of<BR/>\r\n" +
      "  Win32_NetworkAdapterConfiguration, max length reached !!<BR/>\r\n",
    records: [
      {
        format: "trace",
        message: "Msg one",
        component: "Example.dll",
        time: at("2000-01-11", "10:01:02", "003"),
        thread: 88,
        flags: ["html-break"],
      },
      {
        format: "trace",
        message: "SCHEDULER : Program completed.\n",
        component: "APM",
        time: at("2000-05-10", "09:15:12", "360"),
        thread: 1512,
        flags: ["html-break"],
      },
      {
        format: "trace",
        message: "Msg three",
        time: at("2000-01-11", "10:01:02", "050"),
        thread: 88,
        flags: ["suffix-rejoined", "html-break"],
      },
      {
        format: "plain",
        message:
          "  WARNING - Unable to return all values of property IPAddress of Win32_NetworkAdapterConfiguration, max length reached !!",
        flags: ["html-break", "message-rejoined"],
      },
    ],
    issues: [{ reason: "blank" }],
  },
  {
    name: "pasted: the $$ typed inside the bracket",
    text: String.raw`Calling Boot32wn.exe <$$C:\WINDOWS\MS\SMS\CORE\BIN\EXAMPLE.EXE>`,
    records: [
      {
        format: "trace",
        message: "Calling Boot32wn.exe",
        component: String.raw`C:\WINDOWS\MS\SMS\CORE\BIN\EXAMPLE.EXE`,
        time: null,
        flags: ["component-only"],
      },
    ],
  },
  {
    name: "zone name GMT Daylight Time",
    text: "SMS_EXECUTIVE started.  $$<SMS_EXECUTIVE><Mon Jun 07 23:23:16.472 2004 GMT Daylight Time><thread=1780 (0x6F4)>",
    records: [
      {
        component: "SMS_EXECUTIVE",
        time: at("2004-06-07", "23:23:16", "472", { zoneName: "GMT Daylight Time" }),
        thread: 1780,
        flags: [],
      },
    ],
  },
  {
    name: "suffix wrapped inside the zone name",
    text: String.raw`  Processing file: D:\SMS\inboxes\sinv.box\7U74Z2GZ.sid  $$<SMS_SOFTWARE_INVENTORY_PROCESSOR><Fri Dec 10 01:12:40.304 1999 Pacific
  Standard Time><thread=322 (0x142)>`,
    records: [
      {
        format: "trace",
        component: SINVPROC,
        time: at("1999-12-10", "01:12:40", "304", PST),
        thread: 322,
        flags: ["suffix-rejoined"],
      },
    ],
  },
  {
    name: "single-line double-escaped suffix and a ctime-padded day",
    text: "Job queued $$&<APM&>&<Sat Nov  4 09:00:00.001 2000&>&<thread=7 (0x7)&>",
    records: [
      { message: "Job queued", component: "APM", time: at("2000-11-04", "09:00:00", "001"), flags: ["html-escaped"] },
    ],
  },
  {
    name: "thread beyond a safe integer, thread not a number, time not readable",
    text:
      "a  $$<APM><Tue May 16 13:17:10.804 2000><thread=99999999999999999999 (0x56BC75E2D630FFFFF)>\n" +
      "b  $$<APM><Tue May 16 13:17:10.804 2000><thread=unknown>\n" +
      "c  $$<APM><Di Mai 16 13:17:10.804 2000><thread=5 (0x5)>\n",
    records: [
      {
        format: "trace",
        message: "a",
        time: at("2000-05-16", "13:17:10", "804"),
        thread: null,
        flags: ["thread-invalid"],
      },
      { format: "trace", message: "b", thread: null, flags: ["thread-invalid"] },
      { format: "trace", message: "c", time: null, thread: 5, flags: ["time-unreadable"] },
    ],
  },
  {
    name: "suffix cut short in the thread inside a block: the time is kept, the next line is its own record",
    text:
      "Job started  $$<APM><Tue May 16 13:17:10.804 2000><thread=1512 (0x5E\n" +
      "Job finished  $$<APM><Tue May 16 13:17:11.000 2000><thread=1512 (0x5E8)>\n",
    records: [
      {
        format: "trace",
        message: "Job started",
        component: "APM",
        time: at("2000-05-16", "13:17:10", "804"),
        thread: null,
        flags: ["suffix-truncated"],
      },
      { format: "trace", message: "Job finished", time: at("2000-05-16", "13:17:11", "000"), thread: 1512, flags: [] },
    ],
  },
  {
    name: "$$< inside a message, markup around the message, blanks after the suffix, CR and CRLF endings",
    text:
      String.raw`Copied \\server\share$$<x> to C:\ ok` +
      "\r\n<<CLIEXCEPT>> Information follows:~  $$<Hardware Inventory Agent><Fri May 05 10:00:14.466 2000><thread=175 (0xAF)>   \r" +
      "Done  $$<APM><Tue May 16 13:17:10.804 2000><thread=1512 (0x5E8)>",
    records: [
      { format: "plain", message: String.raw`Copied \\server\share$$<x> to C:\ ok` },
      { format: "trace", message: "<<CLIEXCEPT>> Information follows:\n", component: HINV, thread: 175, flags: [] },
      { format: "trace", message: "Done", thread: 1512 },
    ],
  },
  {
    name: "a format description that only looks like a suffix stays plain",
    text: "# line format: SMS 2.0 trace format: <message>[~]  $$<component><Www Mmm DD HH:MM:SS.mmm YYYY[ TZ-name]><thread=DEC (0xHEX)>",
    records: [{ format: "plain", time: null }],
  },
  {
    name: "a whitespace-only line is an issue and stops re-joining",
    text: "  Adding group: MICROSOFT|MOUSE|1.0...\n   \n  $$<SMS_INVENTORY_DATA_LOADER><Tue Nov 04 13:07:27 1997~><thread=A0>\n",
    records: [
      { format: "plain", message: "  Adding group: MICROSOFT|MOUSE|1.0..." },
      { format: "trace", message: "", component: LOADER, thread: 160, flags: ["no-fraction"] },
    ],
    issues: [{ start: 39, end: 42, reason: "blank" }],
  },
];
