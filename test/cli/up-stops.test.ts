// `offboard up` (npm start) stops promptly on SIGTERM or Ctrl-C and leaves no process behind —
// DynamoDB Local's Java process included — so supervisors and terminals are not kept waiting.
import { spawn, execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '#local/ports.ts';
import { REPO_ROOT } from '#infra/constructs/offboard-function.ts';

/** Process ids whose parent is `pid`, and theirs (ps reads the whole table once). */
function descendantsOf(pid: number): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const [child, ppid] of rows) {
      if (ppid !== parent) continue;
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('offboard up', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('exits soon after %s, leaving no child process', async (signal) => {
    const env = {
      ...process.env,
      OFFBOARD_API_PORT: String(await freePort()),
      OFFBOARD_EVENTS_PORT: String(await freePort()),
      OFFBOARD_DYNAMODB_PORT: String(await freePort()),
    };
    const up = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/offboard.js'), 'up'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    up.stdout.on('data', (chunk) => (output += chunk));
    up.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => up.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    while (!output.includes('Ctrl-C stops everything') && Date.now() < deadline) {
      if (up.exitCode !== null) throw new Error(`offboard up exited early:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(output, 'offboard up did not report it was running').toContain('Ctrl-C stops everything');
    const children = descendantsOf(up.pid!);
    expect(children.length).toBeGreaterThan(0); // DynamoDB Local runs as a child

    up.kill(signal);
    const code = await Promise.race([
      exited,
      new Promise<'still running'>((r) => setTimeout(() => r('still running'), 10_000)),
    ]);

    expect(code).toBe(0);
    expect(output).toContain('stopped');
    // Children see their parent go (esbuild's service on its closed stdin): give them a moment, bounded.
    let left = children.filter(alive);
    for (let i = 0; i < 50 && left.length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = children.filter(alive);
    }
    const described = left.length
      ? execFileSync('ps', ['-o', 'pid,ppid,stat,args', '-p', left.join(',')], { encoding: 'utf8' })
      : '';
    expect(left, described).toEqual([]);
  });
});
