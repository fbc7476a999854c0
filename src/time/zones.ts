/**
 * Windows time-zone names as `$$<` logs write them after a timestamp, mapped to biases (minutes, UTC = local + bias).
 * Each zone appears under its standard and its daylight name. A log may keep writing the standard name all
 * summer (seen: `Pacific Standard Time` in July), so a name is only a hint: the other reading is kept as `altBias`.
 */
export interface ZoneReading {
  /** The name as found in the table (canonical capitalization). */
  name: string;
  bias: number;
  /** The bias under the other reading of daylight saving, when the zone observes it. */
  altBias?: number;
}

// [standard name, daylight name or "" when the zone has no daylight saving, standard bias]
const WINDOWS_ZONES: ReadonlyArray<readonly [string, string, number]> = [
  ["Dateline Standard Time", "", 720],
  ["Samoa Standard Time", "", 660],
  ["Hawaiian Standard Time", "", 600],
  ["Alaskan Standard Time", "Alaskan Daylight Time", 540],
  ["Pacific Standard Time", "Pacific Daylight Time", 480],
  ["Mountain Standard Time", "Mountain Daylight Time", 420],
  ["US Mountain Standard Time", "", 420],
  ["Central Standard Time", "Central Daylight Time", 360],
  ["Canada Central Standard Time", "", 360],
  ["Mexico Standard Time", "Mexico Daylight Time", 360],
  ["Central America Standard Time", "", 360],
  ["Eastern Standard Time", "Eastern Daylight Time", 300],
  ["US Eastern Standard Time", "", 300],
  ["SA Pacific Standard Time", "", 300],
  ["Atlantic Standard Time", "Atlantic Daylight Time", 240],
  ["SA Western Standard Time", "", 240],
  ["Pacific SA Standard Time", "Pacific SA Daylight Time", 240],
  ["Newfoundland Standard Time", "Newfoundland Daylight Time", 210],
  ["E. South America Standard Time", "E. South America Daylight Time", 180],
  ["SA Eastern Standard Time", "", 180],
  ["Greenland Standard Time", "Greenland Daylight Time", 180],
  ["Mid-Atlantic Standard Time", "Mid-Atlantic Daylight Time", 120],
  ["Azores Standard Time", "Azores Daylight Time", 60],
  ["Cape Verde Standard Time", "", 60],
  ["GMT Standard Time", "GMT Daylight Time", 0],
  ["Greenwich Standard Time", "", 0],
  ["Coordinated Universal Time", "", 0],
  ["W. Europe Standard Time", "W. Europe Daylight Time", -60],
  ["Central Europe Standard Time", "Central Europe Daylight Time", -60],
  ["Central European Standard Time", "Central European Daylight Time", -60],
  ["Romance Standard Time", "Romance Daylight Time", -60],
  ["W. Central Africa Standard Time", "", -60],
  ["E. Europe Standard Time", "E. Europe Daylight Time", -120],
  ["GTB Standard Time", "GTB Daylight Time", -120],
  ["FLE Standard Time", "FLE Daylight Time", -120],
  ["Egypt Standard Time", "Egypt Daylight Time", -120],
  ["South Africa Standard Time", "", -120],
  ["Israel Standard Time", "Israel Daylight Time", -120],
  ["Russian Standard Time", "Russian Daylight Time", -180],
  ["Arab Standard Time", "", -180],
  ["Arabic Standard Time", "Arabic Daylight Time", -180],
  ["E. Africa Standard Time", "", -180],
  ["Iran Standard Time", "Iran Daylight Time", -210],
  ["Arabian Standard Time", "", -240],
  ["Caucasus Standard Time", "Caucasus Daylight Time", -240],
  ["Afghanistan Standard Time", "", -270],
  ["Ekaterinburg Standard Time", "Ekaterinburg Daylight Time", -300],
  ["West Asia Standard Time", "", -300],
  ["India Standard Time", "", -330],
  ["Nepal Standard Time", "", -345],
  ["N. Central Asia Standard Time", "N. Central Asia Daylight Time", -360],
  ["Central Asia Standard Time", "", -360],
  ["Sri Lanka Standard Time", "", -360],
  ["Myanmar Standard Time", "", -390],
  ["SE Asia Standard Time", "", -420],
  ["North Asia Standard Time", "North Asia Daylight Time", -420],
  ["China Standard Time", "", -480],
  ["North Asia East Standard Time", "North Asia East Daylight Time", -480],
  ["Malay Peninsula Standard Time", "", -480],
  ["W. Australia Standard Time", "", -480],
  ["Taipei Standard Time", "", -480],
  ["Tokyo Standard Time", "", -540],
  ["Korea Standard Time", "", -540],
  ["Yakutsk Standard Time", "Yakutsk Daylight Time", -540],
  ["Cen. Australia Standard Time", "Cen. Australia Daylight Time", -570],
  ["AUS Central Standard Time", "", -570],
  ["E. Australia Standard Time", "", -600],
  ["AUS Eastern Standard Time", "AUS Eastern Daylight Time", -600],
  ["West Pacific Standard Time", "", -600],
  ["Tasmania Standard Time", "Tasmania Daylight Time", -600],
  ["Vladivostok Standard Time", "Vladivostok Daylight Time", -600],
  ["Central Pacific Standard Time", "", -660],
  ["New Zealand Standard Time", "New Zealand Daylight Time", -720],
  ["Fiji Standard Time", "", -720],
  ["Tonga Standard Time", "", -780],
];

const BY_NAME = new Map<string, ZoneReading>();
for (const [std, dst, bias] of WINDOWS_ZONES) {
  BY_NAME.set(std.toLowerCase(), dst ? { name: std, bias, altBias: bias - 60 } : { name: std, bias });
  if (dst) BY_NAME.set(dst.toLowerCase(), { name: dst, bias: bias - 60, altBias: bias });
}

/** Looks up a Windows zone name (case and surrounding spaces ignored). */
export function windowsZone(name: string): ZoneReading | undefined {
  return BY_NAME.get(name.trim().replace(/\s+/g, " ").toLowerCase());
}

/**
 * An ISO offset as written (`+02:00`, `-0500`, `+5`): its sign, hours and minutes, and the offset in minutes
 * (local = UTC + offset); undefined when the text is not an offset. Ranges are the caller's to check.
 */
export function parseOffset(text: string): { offset: number; hours: number; minutes: number } | undefined {
  const m = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(text);
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? 0);
  const total = hours * 60 + minutes;
  return { offset: m[1] === "-" ? -total : total, hours, minutes };
}

/**
 * An IANA zone's offset from UTC at an instant, in minutes (local = UTC + offset), daylight saving applied; undefined
 * when the zone is not known.
 */
export function ianaOffset(zone: string): ((utcMs: number) => number) | undefined {
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch {
    return undefined;
  }
  return (utcMs: number): number => {
    const p = Object.fromEntries(fmt.formatToParts(new Date(utcMs)).map((x) => [x.type, x.value]));
    const asUtc = Date.UTC(
      Number(p.year),
      Number(p.month) - 1,
      Number(p.day),
      Number(p.hour),
      Number(p.minute),
      Number(p.second),
    );
    return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
  };
}
