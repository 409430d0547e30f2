// What a lesson's lab fetches ahead of use among the code split off for lessons that do not need it: the
// on-demand commands (dig, openssl, printf...) that its start and solution lines type, the server profiles
// other than Postfix when those lines connect to a host running one, and the delivery report writer when its
// mail can bring a report back; and the message checks when its goals use them (LessonRun.ready waits for those). Anything else a learner types still works,
// loaded when typed (the shell's prepare step). scripts/bundle-size.ts counts the same.
import { BUILT_IN_PROFILE } from '../smtp/profiles/registry.ts';
import type { WorldSpec } from '../smtp/types.ts';
import { onDemandIn } from '../workstation/commands/index.ts';
import type { CompiledLesson } from './engine/types.ts';
import { usesMessageChecks } from './engine/conditions.ts';

type LessonLines = Pick<CompiledLesson, 'start' | 'steps'> & { world?: { travel?: boolean } };

/** Whether the lesson's goals read the message checks (header syntax, MIME tree...: engine/message-checks.ts). */
export function lessonMessageChecks(lesson: Pick<CompiledLesson, 'steps'>): boolean {
  return usesMessageChecks(lesson.steps);
}

const linesOf = (lesson: LessonLines): string[] => [
  ...lesson.start.lines,
  ...lesson.steps.flatMap((step) => step.solution),
];

/**
 * Whether the lesson's own lines look a DKIM key up (dig mail._domainkey…): its world's keys, made on first need
 * (Network.dkimKeys), are published before it starts, so that dig answers at once.
 */
export function looksUpKeys(lesson: LessonLines): boolean {
  return linesOf(lesson).some((line) => /^\s*(dig|host|nslookup)\b.*_domainkey/i.test(line));
}

export function lessonCommands(lesson: LessonLines): string[] {
  return onDemandIn(linesOf(lesson));
}

/**
 * Whether the lesson's mail is about delivery reports (src/smtp/dsn.ts): its lines ask for one (NOTIFY=), or
 * its mail travels (a bounce or a relayed notice comes back from another host; the travel chunk imports the
 * writer). Another lesson's learner may still make a server owe one: it loads then, and the 250 waits for it.
 */
export function lessonReports(lesson: LessonLines): boolean {
  return lesson.world?.travel === true || linesOf(lesson).some((line) => /\bNOTIFY=/i.test(line));
}

/**
 * The profiles other than Postfix that the lesson's lines connect to (host, address or host:port, with the port
 * given in the line) in its world; when its mail travels, those of every host (queued mail may reach any, and
 * src/smtp/travel-loader.ts loads them with the travel chunk).
 */
export function lessonProfiles(lesson: LessonLines, world: WorldSpec): string[] {
  const hostOf = (name: string) => {
    const a = world.dns.find((r) => r.type === 'A' && r.name.toLowerCase().replace(/\.$/, '') === name);
    const address = a && 'value' in a ? a.value : name;
    return world.hosts.find((h) => h.name.toLowerCase() === name || h.addresses.includes(address));
  };
  const ids = linesOf(lesson).flatMap((line) => {
    const words = line.split(/[\s|;&'"]+/).map((w) => w.toLowerCase());
    const ports = words.flatMap((w) => /^\d+$|(?<=:)\d+$/.exec(w) ?? []).map(Number);
    return words.flatMap((word) =>
      (hostOf(word.replace(/:\d+$/, ''))?.services ?? [])
        .filter((s) => (ports.length === 0 || ports.includes(s.port)) && s.profile !== BUILT_IN_PROFILE)
        .map((s) => s.profile),
    );
  });
  const reached = lesson.world?.travel
    ? world.hosts.flatMap((h) => h.services.map((s) => s.profile)).filter((id) => id !== BUILT_IN_PROFILE)
    : [];
  return [...new Set([...ids, ...reached])].sort();
}
