/**
 * The repository is self-contained: every relative link in every tracked Markdown file and every repo path named
 * in a comment of `configs/**` resolves in the checkout, and no tracked file points at notes outside it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');
const SKIP_DIRS = new Set(['.git', 'node_modules', 'dist', 'coverage', 'reports', '.stryker-tmp']);

/** Tracked files (git ls-files); outside a git checkout, every file but the build and dependency folders. */
const trackedFiles = (): string[] => {
  try {
    return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\0')
      .filter((f) => f !== '' && existsSync(join(ROOT, f)));
  } catch {
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) return SKIP_DIRS.has(f) ? [] : walk(p);
        return [relative(ROOT, p)];
      });
    return walk(ROOT);
  }
};

/**
 * Link targets in Markdown text: inline links and images `[text](target "title")` and reference definitions
 * `[label]: target`, outside fenced code blocks.
 */
export const markdownTargets = (text: string): string[] => {
  const prose = text.replace(/^```[\s\S]*?^```/gm, '');
  const inline = [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  const defs = [...prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]!);
  return [...inline, ...defs];
};

/** A relative link's file part (no scheme, no pure anchor); `undefined` when the link leaves nothing to check. */
const relativeFile = (target: string): string | undefined => {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#') || target.startsWith('//')) return undefined;
  const file = decodeURIComponent(target.split('#')[0]!.split('?')[0]!);
  return file === '' ? undefined : file;
};

const TOP = /^(?:src|docs|configs|test|bench|bin)\/[\w./-]*[\w/]$/;
/**
 * Repo paths named in YAML comments: words starting with a top-level folder of the repository, except a path
 * qualified by another repository just before it (`NVlabs/timeloop configs/mapper/eyeriss-256.yaml`).
 */
export const commentPaths = (yamlText: string): string[] =>
  yamlText
    .split('\n')
    .flatMap((line) => {
      const hash = line.search(/(^|\s)#/);
      return hash < 0 ? [] : [line.slice(hash)];
    })
    .flatMap((comment) => {
      const words = comment.split(/\s+/).map((w) => w.replace(/^[(`'"]+|[)`'",.;:]+$/g, ''));
      return words.filter((w, i) => TOP.test(w) && !(i > 0 && /^[\w.-]+\/[\w.-]+$/.test(words[i - 1]!) && !TOP.test(words[i - 1]!)));
    });

const files = trackedFiles();

describe('the repository is self-contained', () => {
  it('finds the tracked files', () => {
    expect(files).toContain('README.md');
    expect(files).toContain('package.json');
  });

  it('the link scanners see what they should', () => {
    expect(markdownTargets('see [a](docs/a.md#x) and ![b](img/b.png "t"), [c](https://x.org), [d](#top)\n[e]: ../e.md\n```\n[f](no.md)\n```')).toEqual([
      'docs/a.md#x', 'img/b.png', 'https://x.org', '#top', '../e.md',
    ]);
    expect(['docs/a.md#x', 'https://x.org', '#top', 'a%20b.md'].map(relativeFile)).toEqual(['docs/a.md', undefined, undefined, 'a b.md']);
    expect(commentPaths('levels:  # see docs/reference/x.md, and (`src/energy/presets.ts`).\nname: src/not-a-comment.ts\n# NVlabs/timeloop configs/x.yaml\n')).toEqual([
      'docs/reference/x.md', 'src/energy/presets.ts',
    ]);
  });

  it('every relative link in every tracked Markdown file resolves', () => {
    const broken: string[] = [];
    for (const f of files.filter((x) => x.endsWith('.md'))) {
      for (const target of markdownTargets(readFileSync(join(ROOT, f), 'utf8'))) {
        const file = relativeFile(target);
        if (file === undefined) continue;
        const abs = resolve(ROOT, dirname(f), file);
        if (!abs.startsWith(ROOT + '/') || !existsSync(abs)) broken.push(`${f}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every repo path named in a configs/ comment exists', () => {
    const missing: string[] = [];
    for (const f of files.filter((x) => x.startsWith('configs/') && /\.ya?ml$/.test(x))) {
      for (const p of commentPaths(readFileSync(join(ROOT, f), 'utf8'))) {
        if (!existsSync(join(ROOT, p))) missing.push(`${f}: ${p}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('no tracked file points at notes outside the repository', () => {
    // Spelled in pieces so that this file does not match itself.
    const outside = ['..' + '/shared', 'shared' + '/reference'];
    const hits: string[] = [];
    for (const f of files) {
      const text = readFileSync(join(ROOT, f), 'utf8');
      for (const s of outside) if (text.includes(s)) hits.push(`${f}: ${s}`);
    }
    expect(hits).toEqual([]);
  });
});
