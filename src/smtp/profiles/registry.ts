// The profiles the core can use right now. Postfix, what nearly every lesson talks to, is always here; the
// others load on first need, a chunk per file: others.ts (the Postfix variants, Sendmail, the seed tutorials'
// servers) and libraries.ts (Nodemailer's smtp-server, aiosmtpd). Whatever imports index.ts (the sandbox, the
// compare view, travel, the bridge, the lesson checks) brings them all. The laptop's shell loads what a command
// connects to before running it (Network.missingProfiles), a lesson what its own lines connect to.
import { postfix } from './postfix.ts';
import type { Profile } from './types.ts';

/** The profile that needs no loading. */
export const BUILT_IN_PROFILE = postfix.id;

/** The ids libraries.ts defines (every other id is in others.ts); tested against the file. */
export const LIBRARY_PROFILES: ReadonlySet<string> = new Set(['smtp-server', 'aiosmtpd']);

type ProfileFile = 'others' | 'libraries';
const files: Record<ProfileFile, () => Promise<Record<string, unknown>>> = {
  others: () => import('./others.ts'),
  libraries: () => import('./libraries.ts'),
};

// Loaded data, shared as any import is: a profile is read-only and holds no simulator's state.
const known = new Map<string, Profile>([[postfix.id, postfix]]);
const loading = new Map<ProfileFile, Promise<void>>();

const isProfile = (value: unknown): value is Profile =>
  typeof value === 'object' && value !== null && 'id' in value && 'policy' in value && 'replies' in value;

/** Called by index.ts when it loads: from then on every profile is here. */
export function registerProfiles(all: Readonly<Record<string, Profile>>): void {
  for (const profile of Object.values(all)) known.set(profile.id, profile);
}

/** The profile of that id if its data is here (undefined for an unknown id or one still to load). */
export function loadedProfile(id: string): Profile | undefined {
  return known.get(id);
}

/** A profile that must be here already (the caller loaded what its world needs first), or an error naming it. */
export function requireProfile(id: string): Profile {
  const profile = known.get(id);
  if (!profile) throw new Error(`server profile "${id}" is not loaded (or unknown): load the profiles first`);
  return profile;
}

/**
 * Load the files holding these profiles (all of them without ids); an unknown id stays unknown (the caller says
 * so). Rejects when a chunk cannot be fetched; a later call tries again.
 */
export function loadProfiles(ids?: Iterable<string>): Promise<void> {
  const wanted = new Set<ProfileFile>();
  if (!ids) wanted.add('others').add('libraries');
  else
    for (const id of ids) if (!known.has(id)) wanted.add(LIBRARY_PROFILES.has(id) ? 'libraries' : 'others');
  return Promise.all(
    [...wanted].map((file) => {
      let pending = loading.get(file);
      if (!pending) {
        pending = files[file]()
          .then((module) => {
            for (const value of Object.values(module)) if (isProfile(value)) known.set(value.id, value);
          })
          .finally(() => loading.delete(file));
        loading.set(file, pending);
      }
      return pending;
    }),
  ).then(() => undefined);
}
