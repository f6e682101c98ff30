<?php
/**
 * Parse .ics files with sabre/vobject 4 (the parser of the Nextcloud server)
 * and print one JSON object per file on stdout:
 *
 *   {"file", "ok", "error", "messages", "calname", "events": [{"uid", "summary",
 *    "start", "end", "start_utc", "allday", "status", "sequence", "tzid"}]}
 *
 * Reading is strict (no Reader::OPTION_FORGIVING), then $vcal->validate() runs
 * without REPAIR. Every validation message of level >= 2 (2 = warning,
 * 3 = error) makes the file fail; level-1 messages are kept in "messages" as
 * notices only. A DTSTART/DTEND that vobject cannot turn into a DateTime also
 * fails the file.
 *
 * Usage: php vobject_check.php [--caldav] [--version] FILE.ics...
 *   --caldav   validate with VCalendar::PROFILE_CALDAV (one object per
 *              resource, as for a CalDAV PUT) instead of as a whole feed.
 *   --version  print the library versions as JSON and exit.
 * Exit status: 0 if every file passed, 1 if any failed, 2 on usage/setup error.
 *
 * The library is looked for in $VAULT_SYNC_SABRE_DIR, else in
 * vendor-debian/usr/share/php next to this script (unpacked from Debian's
 * php-sabre-vobject package by .ci/install-parsers.sh).
 */

declare(strict_types=1);

// vobject 4.1.0 predates PHP 8.1's return-type deprecations; those notices say
// nothing about the calendar data, so keep them out of the output.
error_reporting(E_ALL & ~E_DEPRECATED & ~E_USER_DEPRECATED);
ini_set('display_errors', 'stderr');
date_default_timezone_set('UTC');

$sabreDir = getenv('VAULT_SYNC_SABRE_DIR') ?: __DIR__ . '/vendor-debian/usr/share/php';

spl_autoload_register(function (string $class) use ($sabreDir): void {
    foreach (['Sabre\\VObject\\', 'Sabre\\Xml\\', 'Sabre\\Uri\\'] as $prefix) {
        if (strncmp($class, $prefix, strlen($prefix)) === 0) {
            $file = $sabreDir . '/' . str_replace('\\', '/', $class) . '.php';
            if (is_file($file)) {
                require $file;
            }
            return;
        }
    }
});

// sabre/uri and sabre/xml declare plain functions in composer "files" entries;
// load them when those libraries are present.
foreach (['Sabre/Uri/functions.php', 'Sabre/Xml/Deserializer/functions.php',
          'Sabre/Xml/Serializer/functions.php'] as $functionsFile) {
    if (is_file($sabreDir . '/' . $functionsFile)) {
        require_once $sabreDir . '/' . $functionsFile;
    }
}

// sabre/xml is only used by vobject for xCal/xCard (XML) input and output.
// Debian no longer ships php-sabre-xml in any suite, so when it is absent we
// declare the one interface that every vobject Node implements; the
// iCalendar text parser and the validator never call into it.
if (!interface_exists('Sabre\\Xml\\XmlSerializable')) {
    eval('namespace Sabre\\Xml; interface XmlSerializable { function xmlSerialize(Writer $writer); }');
}

use Sabre\VObject\Component\VCalendar;
use Sabre\VObject\Node;
use Sabre\VObject\Reader;

function fail_setup(string $message): void
{
    fwrite(STDERR, "vobject_check: $message\n");
    exit(2);
}

if (!class_exists('Sabre\\VObject\\Reader')) {
    fail_setup("sabre/vobject not found under $sabreDir (run .ci/install-parsers.sh)");
}

/** Whether a DATE-TIME value is in UTC ("...Z"); a trailing Z wins over TZID, as in ical.js. */
function is_utc(object $prop): bool
{
    return $prop->hasTime() && substr((string)$prop->getValue(), -1) === 'Z';
}

/** Render a date(-time) as written: 2021-09-22T14:00:00, 2021-09-22 or ...Z. */
function fmt(DateTimeInterface $dt, bool $hasTime, bool $utc): string
{
    return $hasTime ? $dt->format('Y-m-d\TH:i:s') . ($utc ? 'Z' : '') : $dt->format('Y-m-d');
}

function wall_time(?object $prop): ?string
{
    return $prop === null ? null : fmt($prop->getDateTime(), $prop->hasTime(), is_utc($prop));
}

/**
 * Effective end as RFC 5545 3.6.1 defines it (and as ical.js's Event.endDate
 * computes it): DTEND, else DTSTART + DURATION, else DTSTART + 1 day for a
 * DATE, else DTSTART.
 */
function end_time(object $vevent): ?string
{
    if (isset($vevent->DTEND)) {
        return wall_time($vevent->DTEND);
    }
    if (!isset($vevent->DTSTART)) {
        return null;
    }
    $start = $vevent->DTSTART;
    $dt = $start->getDateTime();
    if (isset($vevent->DURATION)) {
        $dt = $dt->add($vevent->DURATION->getDateInterval());
    } elseif (!$start->hasTime()) {
        $dt = $dt->modify('+1 day');
    }
    return fmt($dt, $start->hasTime(), is_utc($start));
}

function utc_time(?object $prop): ?string
{
    if ($prop === null || !$prop->hasTime() || $prop->isFloating()) {
        return null;  // all-day and floating values are not anchored to UTC
    }
    $dt = $prop->getDateTime()->setTimezone(new DateTimeZone('UTC'));
    return $dt->format('Y-m-d\TH:i:s') . 'Z';
}

function node_label($node): ?string
{
    if ($node instanceof Node && isset($node->name)) {
        $label = (string)$node->name;
        $parent = $node->parent ?? null;
        if ($parent instanceof Node && isset($parent->name)) {
            $label = $parent->name . '/' . $label;
        }
        return $label;
    }
    return null;
}

/**
 * RFC 5545 MUSTs that vobject 4.1's validate() does not check but that make
 * clients disagree about an event. Returns problem strings.
 */
function harness_checks(VCalendar $vcal): array
{
    $problems = [];
    $tzids = [];
    foreach ($vcal->select('VTIMEZONE') as $vtz) {
        $tzid = (string)$vtz->TZID;
        $tzids[$tzid] = true;
        if (!isset($vtz->STANDARD) && !isset($vtz->DAYLIGHT)) {
            $problems[] = "harness: VTIMEZONE $tzid has neither a STANDARD nor a DAYLIGHT component";
        }
        // vobject ignores the VTIMEZONE's rules and maps the TZID to a PHP
        // zone; when it cannot, it silently uses PHP's default zone (UTC on
        // Nextcloud), so the event lands at the wrong time.
        try {
            \Sabre\VObject\TimeZoneUtil::getTimeZone($tzid, $vcal, true);
        } catch (InvalidArgumentException $e) {
            $problems[] = "harness: VTIMEZONE $tzid: vobject cannot map it to a PHP time zone "
                . "and would use the server's default zone (use an IANA name such as Europe/Moscow)";
        }
    }
    foreach ($vcal->getComponents() as $comp) {
        if (!in_array($comp->name, ['VEVENT', 'VTODO', 'VJOURNAL'], true)) {
            continue;
        }
        $label = $comp->name . ' ' . (isset($comp->UID) ? (string)$comp->UID : '(no UID)');
        // vobject quietly falls back to PHP's own zone database (or to UTC for
        // an unknown name) when a TZID has no VTIMEZONE; ical.js goes floating.
        foreach ($comp->children() as $prop) {
            if ($prop instanceof \Sabre\VObject\Property && isset($prop['TZID'])
                && !isset($tzids[(string)$prop['TZID']])) {
                $problems[] = "harness: $label: {$prop->name} uses TZID={$prop['TZID']} but the file has no VTIMEZONE with that TZID";
            }
        }
        if ($comp->name !== 'VEVENT' || !isset($comp->DTSTART) || !isset($comp->DTEND)) {
            continue;
        }
        $start = $comp->DTSTART;
        $end = $comp->DTEND;
        if ($start->hasTime() !== $end->hasTime()) {
            $problems[] = "harness: $label: DTEND value type (" . ($end->hasTime() ? 'DATE-TIME' : 'DATE')
                . ") differs from DTSTART's";
            continue;
        }
        try {
            $s = $start->getDateTime();
            $e = $end->getDateTime();
        } catch (Throwable $ex) {
            continue;  // already reported by validate()
        }
        if ($e < $s || ($e == $s && !$start->hasTime())) {
            $problems[] = "harness: $label: DTEND {$end->getValue()} is not later than DTSTART {$start->getValue()}";
        }
    }
    return $problems;
}

/** PHP warnings/notices raised while a file is processed (not deprecations). */
$GLOBALS['php_problems'] = [];
set_error_handler(function (int $errno, string $errstr, string $errfile, int $errline): bool {
    if (($errno & (E_DEPRECATED | E_USER_DEPRECATED)) || !(error_reporting() & $errno)) {
        return true;
    }
    $GLOBALS['php_problems'][] = "php: $errstr at " . basename($errfile) . ":$errline";
    return true;
});

function check_file(string $path, int $validateOptions): array
{
    $GLOBALS['php_problems'] = [];
    $result = check_file_inner($path, $validateOptions);
    // A PHP warning inside vobject 4.1 (written for PHP 5/7) means its result
    // cannot be trusted: fail the file rather than pass it silently.
    if ($GLOBALS['php_problems']) {
        $result['ok'] = false;
        $result['error'] = trim(($result['error'] ?? '') . "\n" . implode("\n", $GLOBALS['php_problems']));
    }
    return $result;
}

function check_file_inner(string $path, int $validateOptions): array
{
    $result = ['file' => $path, 'ok' => false, 'error' => null, 'messages' => [],
               'calname' => null, 'events' => []];
    $data = @file_get_contents($path);
    if ($data === false) {
        $result['error'] = "cannot read $path";
        return $result;
    }
    $problems = [];
    // Reader::read() stops after the first component and ignores the rest of
    // the input; ical.js rejects both of these.
    if (preg_match_all('/^BEGIN:VCALENDAR\r?$/mi', $data) > 1) {
        $problems[] = 'harness: more than one VCALENDAR in the file (vobject reads only the first)';
    } elseif (preg_match('/^END:VCALENDAR\r?\n?(.*)$/msi', $data, $m) && trim($m[1]) !== '') {
        $problems[] = 'harness: content after END:VCALENDAR (vobject ignores it)';
    }
    foreach ($problems as $problem) {
        $result['messages'][] = ['level' => 3, 'message' => $problem, 'node' => null];
    }
    try {
        $vcal = Reader::read($data);  // strict: no OPTION_FORGIVING
        if (!$vcal instanceof VCalendar) {
            $result['error'] = 'top-level component is ' . get_class($vcal) . ', not VCALENDAR';
            return $result;
        }
        foreach ($vcal->validate($validateOptions) as $msg) {
            $level = (int)$msg['level'];
            $result['messages'][] = ['level' => $level, 'message' => (string)$msg['message'],
                                     'node' => node_label($msg['node'] ?? null)];
            if ($level >= 2) {
                $problems[] = ($level >= 3 ? 'error' : 'warning') . ': ' . $msg['message'];
            }
        }
        foreach (harness_checks($vcal) as $problem) {
            $result['messages'][] = ['level' => 3, 'message' => $problem, 'node' => null];
            $problems[] = $problem;
        }
        $result['calname'] = isset($vcal->{'X-WR-CALNAME'}) ? (string)$vcal->{'X-WR-CALNAME'} : null;
        foreach ($vcal->select('VEVENT') as $vevent) {
            $uid = isset($vevent->UID) ? (string)$vevent->UID : null;
            try {
                $start = $vevent->DTSTART ?? null;
                $result['events'][] = [
                    'uid' => $uid,
                    'summary' => isset($vevent->SUMMARY) ? (string)$vevent->SUMMARY : null,
                    'start' => wall_time($start),
                    'end' => end_time($vevent),
                    'start_utc' => utc_time($start),
                    'allday' => $start !== null && !$start->hasTime(),
                    'status' => isset($vevent->STATUS) ? (string)$vevent->STATUS : null,
                    'sequence' => (isset($vevent->SEQUENCE) && is_numeric((string)$vevent->SEQUENCE))
                        ? (int)(string)$vevent->SEQUENCE : null,
                    'tzid' => ($start !== null && isset($start['TZID'])) ? (string)$start['TZID'] : null,
                ];
            } catch (Throwable $e) {
                $problems[] = 'VEVENT ' . ($uid ?? '(no UID)') . ': ' . get_class($e) . ': ' . $e->getMessage();
            }
        }
    } catch (Throwable $e) {
        $result['error'] = get_class($e) . ': ' . $e->getMessage();
        return $result;
    }
    if ($problems) {
        $result['error'] = implode("\n", $problems);
        return $result;
    }
    $result['ok'] = true;
    return $result;
}

$args = array_slice($argv, 1);
$validateOptions = 0;
$files = [];
foreach ($args as $arg) {
    if ($arg === '--version') {
        echo json_encode([
            'sabre/vobject' => \Sabre\VObject\Version::VERSION,
            'sabre/xml' => class_exists('Sabre\\Xml\\Version') ? \Sabre\Xml\Version::VERSION : 'stub (XmlSerializable only)',
            'php' => PHP_VERSION,
            'dir' => $sabreDir,
        ], JSON_UNESCAPED_SLASHES), "\n";
        exit(0);
    } elseif ($arg === '--caldav') {
        $validateOptions |= VCalendar::PROFILE_CALDAV;
    } elseif (strncmp($arg, '--', 2) === 0) {
        fail_setup("unknown option $arg");
    } else {
        $files[] = $arg;
    }
}
if (!$files) {
    fail_setup('usage: php vobject_check.php [--caldav] [--version] FILE.ics...');
}

$allOk = true;
foreach ($files as $file) {
    $res = check_file($file, $validateOptions);
    $allOk = $allOk && $res['ok'];
    echo json_encode($res, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE), "\n";
}
exit($allOk ? 0 : 1);
