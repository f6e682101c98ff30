#!/usr/bin/env node
// Parse .ics files with ical.js (the parser of Thunderbird and of Nextcloud's
// web calendar) and print one JSON object per file on stdout:
//
//   {"file", "ok", "error", "messages", "calname", "events": [{"uid", "summary",
//    "start", "end", "start_utc", "allday", "status", "sequence", "tzid"}]}
//
// A file fails when ICAL.parse throws (bad content line, component not
// closed, ...), when the root is not a VCALENDAR, when a VEVENT's dates cannot
// be decoded, or on one of the harness checks that ical.js itself does not
// make but that RFC 5545 requires (see harnessChecks below).
//
// Usage: node icaljs_check.mjs [--version] FILE.ics...
// Exit status: 0 if every file passed, 1 if any failed, 2 on usage error.

import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

const UTC = ICAL.Timezone.utcTimezone;

function icaljsVersion() {
  // The package's "exports" map hides package.json from import/require.
  const pkg = new URL('./node_modules/ical.js/package.json', import.meta.url);
  return JSON.parse(readFileSync(pkg, 'utf8')).version;
}

// "2021-09-22T14:00:00", "2021-09-22" or "2021-09-22T07:00:00Z", as written.
function wallTime(time) {
  return time ? time.toString() : null;
}

function isFloating(time) {
  return time.isDate || time.zone === ICAL.Timezone.localTimezone;
}

function utcTime(time) {
  if (!time || isFloating(time)) {
    return null;  // all-day and floating values are not anchored to UTC
  }
  const utc = time.convertToZone(UTC);
  // Cross-check the two conversions ical.js offers.
  const viaUnix = new ICAL.Time({ year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, isDate: false }, UTC);
  viaUnix.fromUnixTime(time.toUnixTime());
  if (utc.compare(viaUnix) !== 0) {
    throw new Error(`convertToZone and toUnixTime disagree for ${time}`);
  }
  return utc.toString();
}

// Checks of RFC 5545 MUSTs that ical.js tolerates silently but that would
// make clients disagree about the event.
function tzidChecks(comp, definedTzids, problems, label) {
  // TZIDs must be defined by a VTIMEZONE in the same file (RFC 5545 3.2.19);
  // ical.js turns an unknown TZID into floating time without a word (and
  // knows UTC/GMT/Z by itself, which vobject's strict reading does not).
  for (const prop of comp.getAllProperties()) {
    const tzid = prop.getParameter('tzid');
    if (tzid && !definedTzids.has(tzid)) {
      problems.push(`${label}: ${prop.name.toUpperCase()} uses TZID=${tzid} but the file has no VTIMEZONE with that TZID`);
    }
  }
}

function harnessChecks(vevent, event, problems, label) {
  const start = event.startDate;
  const endProp = vevent.getFirstPropertyValue('dtend');
  if (!start) {
    problems.push(`${label}: no DTSTART`);
    return;
  }
  if (endProp) {
    if (endProp.isDate !== start.isDate) {
      problems.push(`${label}: DTEND value type (${endProp.isDate ? 'DATE' : 'DATE-TIME'}) differs from DTSTART's`);
    } else {
      const cmp = endProp.compare(start);
      if (cmp < 0 || (cmp === 0 && start.isDate)) {
        problems.push(`${label}: DTEND ${endProp} is not later than DTSTART ${start}`);
      }
    }
  }
}

function checkFile(path) {
  const result = {
    file: path, ok: false, error: null, messages: [], calname: null, events: [],
  };
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
  } catch (e) {
    result.error = `cannot read ${path} as UTF-8: ${e.message}`;
    return result;
  }
  const problems = [];
  // Time zones are global in ical.js: start every file from a clean registry.
  ICAL.TimezoneService.reset();
  try {
    const jcal = ICAL.parse(text);
    if (!Array.isArray(jcal) || typeof jcal[0] !== 'string') {
      throw new Error(`expected exactly one top-level component, got ${Array.isArray(jcal) ? jcal.length : typeof jcal}`);
    }
    const vcal = new ICAL.Component(jcal);
    if (vcal.name !== 'vcalendar') {
      throw new Error(`top-level component is ${vcal.name.toUpperCase()}, not VCALENDAR`);
    }
    const definedTzids = new Set();
    for (const vtz of vcal.getAllSubcomponents('vtimezone')) {
      const tz = new ICAL.Timezone(vtz);
      if (!tz.tzid) {
        problems.push('VTIMEZONE without TZID');
        continue;
      }
      // ical.js takes such a zone as UTC+0 without a word.
      if (!vtz.getFirstSubcomponent('standard') && !vtz.getFirstSubcomponent('daylight')) {
        problems.push(`VTIMEZONE ${tz.tzid} has neither a STANDARD nor a DAYLIGHT component`);
      }
      ICAL.TimezoneService.register(tz);
      definedTzids.add(tz.tzid);
    }
    for (const comp of vcal.getAllSubcomponents()) {
      if (['vevent', 'vtodo', 'vjournal'].includes(comp.name)) {
        const uid = comp.getFirstPropertyValue('uid');
        tzidChecks(comp, definedTzids, problems, `${comp.name.toUpperCase()} ${uid ?? '(no UID)'}`);
      }
    }
    result.calname = vcal.getFirstPropertyValue('x-wr-calname');
    for (const vevent of vcal.getAllSubcomponents('vevent')) {
      const uid = vevent.getFirstPropertyValue('uid');
      const label = `VEVENT ${uid ?? '(no UID)'}`;
      try {
        const event = new ICAL.Event(vevent);
        harnessChecks(vevent, event, problems, label);
        const start = event.startDate;
        const end = start ? event.endDate : null;
        const sequence = vevent.getFirstPropertyValue('sequence');
        result.events.push({
          uid: event.uid,
          summary: event.summary,
          start: wallTime(start),
          end: wallTime(end),
          start_utc: utcTime(start),
          allday: start ? start.isDate : false,
          status: vevent.getFirstPropertyValue('status'),
          sequence: sequence === null ? null : Number(sequence),
          tzid: start ? (vevent.getFirstProperty('dtstart').getParameter('tzid') ?? null) : null,
        });
      } catch (e) {
        problems.push(`${label}: ${e.name}: ${e.message}`);
      }
    }
  } catch (e) {
    result.error = `${e.name}: ${e.message}`;
    return result;
  }
  result.messages = problems.map((message) => ({ level: 3, message }));
  if (problems.length) {
    result.error = problems.join('\n');
    return result;
  }
  result.ok = true;
  return result;
}

const args = process.argv.slice(2);
if (args.includes('--version')) {
  process.stdout.write(JSON.stringify({ 'ical.js': icaljsVersion(), node: process.versions.node }) + '\n');
  process.exit(0);
}
const unknown = args.filter((a) => a.startsWith('--'));
if (unknown.length || args.length === 0) {
  process.stderr.write(`usage: node icaljs_check.mjs [--version] FILE.ics...${unknown.length ? ` (unknown option ${unknown[0]})` : ''}\n`);
  process.exit(2);
}
let allOk = true;
for (const file of args) {
  const res = checkFile(file);
  allOk &&= res.ok;
  process.stdout.write(JSON.stringify(res) + '\n');
}
process.exitCode = allOk ? 0 : 1;
