// Lesson goals on the events of mail that travels (world.travel): `relayed` (a queue's outcome for a recipient it
// passes on), `report` (a bounce, delay warning or success notice it wrote) and `mailq` (the learner listed the
// queue). They come with the travel chunk, so that lessons whose mail stays put do not carry them: a lesson
// whose mail travels hands them to its engine (lessons/engine/conditions.ts, matchTravelWith).
import { normalizeName } from '../network.ts';
import type { SmtpEvent } from '../types.ts';
import type { DeliveryStatus } from './events.ts';

/** These goals as a lesson writes them (src/lessons/schema.ts checks them). */
export type TravelGoal =
  | {
      relayed: {
        to?: string;
        status?: DeliveryStatus | DeliveryStatus[];
        server?: string;
        enhanced?: string;
      };
    }
  | { report: { kind?: 'failed' | 'delayed' | 'delivered'; to?: string } }
  | { mailq: { deferred?: boolean } };

export function travelMatches(condition: TravelGoal, e: SmtpEvent): boolean {
  if ('relayed' in condition) {
    if (e.type !== 'queue-status') return false;
    const spec = condition.relayed;
    if (spec.to !== undefined && e.recipient.toLowerCase() !== spec.to.toLowerCase()) return false;
    if (spec.status !== undefined && ![spec.status].flat().includes(e.status)) return false;
    // "mx2.elsewhere.test[203.0.113.81]:25", or "none" when no server answered.
    if (
      spec.server !== undefined &&
      normalizeName(e.relay.replace(/\[.*$/, '')) !== normalizeName(spec.server)
    )
      return false;
    if (spec.enhanced !== undefined && e.dsn !== spec.enhanced) return false;
    return true;
  }
  if ('report' in condition) {
    if (e.type !== 'queue-report') return false;
    const spec = condition.report;
    if (spec.kind !== undefined && e.kind !== spec.kind) return false;
    if (spec.to !== undefined && e.to.toLowerCase() !== spec.to.toLowerCase()) return false;
    return true;
  }
  if ('mailq' in condition) {
    if (e.type !== 'queue-list') return false;
    const { deferred } = condition.mailq;
    return deferred === undefined || e.deferred > 0 === deferred;
  }
  return false;
}
