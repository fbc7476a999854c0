import type { MessageCatalog } from "../../src/model/catalog.js";

/**
 * PatchUIMonitor.log: the user-facing side of the patch installation (component `PatchUIMonitor`). No line was
 * ever published (`inferred`): patterns key on the README's bold words (Notifying user, postponed, Restart
 * countdown). A postponement comes first: its line may also name the countdown it postpones.
 */
export const patchuimonitorCatalog: MessageCatalog = {
  logs: ["PatchUIMonitor"],
  components: ["PatchUIMonitor"],
  patterns: [
    {
      id: "patchuimonitor.postponed",
      kind: "install.ui.postponed",
      match: "postpone",
      samples: [
        { message: "User postponed installation" },
        { message: "Installation postponed by the user for 4 hours" },
        { message: "User postponed the restart countdown" },
      ],
      evidence: "inferred",
    },
    {
      id: "patchuimonitor.deferred",
      kind: "install.ui.postponed",
      match: "deferred",
      samples: [{ message: "User deferred installation" }, { message: "Installation deferred until 08-16-2006 09:00" }],
      evidence: "inferred",
    },
    {
      id: "patchuimonitor.notifying-count",
      kind: "install.ui.notified",
      match: "Notifying user{text}{count:int} update",
      samples: [
        { message: "Notifying user: 2 updates pending", fields: { count: 2 } },
        { message: "Notifying user DOMAIN\\jdoe of 1 update ready to install", fields: { count: 1 } },
      ],
      evidence: "inferred",
    },
    {
      id: "patchuimonitor.notifying",
      kind: "install.ui.notified",
      match: "Notifying user",
      samples: [{ message: "Notifying user" }, { message: "Notifying user: restart pending" }],
      evidence: "inferred",
    },
    {
      id: "patchuimonitor.user-notified",
      kind: "install.ui.notified",
      match: "User notified",
      samples: [{ message: "User notified" }, { message: "User notified of 3 pending updates" }],
      evidence: "inferred",
    },
    {
      // A countdown to the restart that completes the installation: the restart is under way.
      id: "patchuimonitor.restart-countdown",
      kind: "install.restart.initiated",
      match: "Restart countdown",
      fields: { countdown: true },
      samples: [
        { message: "Restart countdown started", fields: { countdown: true } },
        { message: "Restart countdown: 300 seconds remaining", fields: { countdown: true } },
      ],
      evidence: "inferred",
    },
    {
      id: "patchuimonitor.countdown-to-restart",
      kind: "install.restart.initiated",
      match: "countdown{text}restart",
      fields: { countdown: true },
      samples: [
        { message: "Starting countdown to restart", fields: { countdown: true } },
        { message: "Countdown (5 minutes) before restart started", fields: { countdown: true } },
      ],
      evidence: "inferred",
    },
  ],
};
