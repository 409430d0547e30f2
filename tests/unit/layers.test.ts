// The import zones of eslint.config.js, tried on code that breaks them: a zone that cannot fire protects
// nothing. Each case lints one import line as if it were in the named file.
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function restricted(filePath: string, source: string): Promise<boolean> {
  const code = filePath.endsWith('.svelte') ? `<script lang="ts">\n${source}\n</script>\n` : source;
  const [result] = await eslint.lintText(code, { filePath });
  // A parse error would hide the rule: the "allowed" cases must fail loudly instead of passing.
  expect(result.messages.filter((m) => m.fatal)).toEqual([]);
  return result.messages.some((m) => m.ruleId === '@typescript-eslint/no-restricted-imports');
}

describe('layer zones (no-restricted-imports)', () => {
  // Loading the TypeScript and Svelte parsers takes seconds on a busy machine: once, outside the cases.
  beforeAll(() => restricted('src/smtp/warm-up.ts', ''), 120_000);

  it.each([
    // src/smtp imports nothing outside it, not even a package
    ['src/smtp/session.ts', "import { x } from '../workstation/workstation.ts';", true],
    ['src/smtp/session.ts', "import { x } from 'postal-mime';", true],
    ['src/smtp/profiles/postfix.ts', "import { x } from '../../ui/strings.ts';", true],
    ['src/smtp/session.ts', "import { x } from './grammar.ts';", false],
    ['src/smtp/profiles/postfix.ts', "import type { ReplyId } from '../types.ts';", false],
    // src/workstation: itself and src/smtp only
    ['src/workstation/workstation.ts', "import { x } from '../ui/strings.ts';", true],
    ['src/workstation/workstation.ts', "import { x } from '../lessons/run.ts';", true],
    ['src/workstation/commands/telnet.ts', "import { x } from '../../terminal/binding.ts';", true],
    ['src/workstation/commands/telnet.ts', "import { x } from 'marked';", true],
    ['src/workstation/workstation.ts', "import { Network } from '../smtp/network.ts';", false],
    ['src/workstation/commands/telnet.ts', "import type { Connection } from '../../smtp/types.ts';", false],
    ['src/workstation/commands/telnet.ts', "import { x } from '../command.ts';", false],
    // runtime code never imports the build-time lesson compiler
    ['src/ui/lesson/LessonView.svelte', "import { x } from '../../lessons/compile.ts';", true],
    ['src/ui/App.svelte', "import { x } from '../lessons/schema.ts';", true],
    ['src/lessons/run.ts', "import { x } from './checks.ts';", true],
    ['src/lessons/engine/engine.ts', "import { x } from '../source.ts';", true],
    ['src/smtp/session.ts', "import { x } from '../lessons/course.ts';", true],
    ['src/lessons/run.ts', "import { x } from './engine/engine.ts';", false],
    // a type-only import is erased from the bundle; a value import of the same module is not
    ['src/lessons/engine/types.ts', "import type { Condition } from '../schema.ts';", false],
    ['src/lessons/engine/types.ts', "import { REPLY_IDS } from '../schema.ts';", true],
    ['src/ui/App.svelte', "import { sentReplyIds } from '../lessons/sent-replies.ts';", true],
    // the layers hold for types too
    ['src/smtp/session.ts', "import type { Shell } from '../workstation/types.ts';", true],
    // the runtime compiler for lessons from outside: a dynamic import() only, or types
    [
      'src/ui/author/OutsideLesson.svelte',
      "import { compileLessonSource } from '../../lessons/outside.ts';",
      true,
    ],
    ['src/ui/EmbedRoot.svelte', "import { x } from '../lessons/compile-source.ts';", true],
    ['src/ui/author/OutsideLesson.svelte', "const o = import('../../lessons/outside.ts');", false],
    ['src/ui/author/OutsideLesson.svelte', "import type { Loaded } from '../../lessons/outside.ts';", false],
    ['src/lessons/outside.ts', "import { compileLessonSource } from './compile-source.ts';", false],
    // the compiler itself, and tests, may
    ['src/lessons/compile.ts', "import { x } from './checks.ts';", false],
    ['tests/unit/lessons/x.test.ts', "import { x } from '../../../src/lessons/compile.ts';", false],
  ])('%s: %s -> restricted %s', async (file, source, expected) => {
    expect(await restricted(file, source)).toBe(expected);
  });
});
