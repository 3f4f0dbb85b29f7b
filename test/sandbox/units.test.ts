// The sandbox's pure parts: sizes, the bwrap command line, what of the host a command line makes visible, and
// finding this process's cgroups.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bwrapArguments } from '../../scanner/sandbox/bwrap-args.ts';
import { ownCgroups } from '../../scanner/sandbox/cgroup-paths.ts';
import { parseByteSize, SANDBOX_HOME, SandboxError } from '../../scanner/sandbox/index.ts';
import { planCode } from '../../scanner/sandbox/visible-paths.ts';

const work = mkdtempSync(join(tmpdir(), 'atlas-sandbox-units-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('parseByteSize', () => {
  it.each([
    ['512M', 512 * 1024 ** 2],
    ['1.5G', 1.5 * 1024 ** 3],
    ['800MiB', 800 * 1024 ** 2],
    ['64k', 64 * 1024],
    ['1048576', 1024 ** 2],
  ])('%s is %d bytes', (text, bytes) => expect(parseByteSize(text)).toBe(bytes));
  it.each(['', 'lots', '-1G', '0', '1T', '1e9'])('rejects %j', (text) => expect(parseByteSize(text)).toBeUndefined());
});

describe('bwrapArguments', () => {
  const plan = {
    system: [{ source: '/usr', dest: '/usr' }],
    symlinks: [{ target: 'usr/bin', dest: '/bin' }],
    code: [{ source: '/tmp/project', dest: '/tmp/project' }],
    env: { PATH: '/usr/bin', HOME: SANDBOX_HOME },
    scratchBytes: 1024,
    command: '/usr/bin/node',
    args: ['/tmp/project/server.js'],
  };
  it('unshares every namespace, drops capabilities and dies with its parent', () => {
    const args = bwrapArguments({ ...plan, network: false });
    for (const flag of [
      '--unshare-user',
      '--unshare-pid',
      '--unshare-ipc',
      '--unshare-uts',
      '--unshare-net',
      '--die-with-parent',
      '--new-session',
      '--clearenv',
    ])
      expect(args).toContain(flag);
    expect(args.join(' ')).toContain('--cap-drop ALL');
    expect(args.join(' ')).toContain(`--size 1024 --tmpfs ${SANDBOX_HOME}`);
    expect(args.join(' ')).toContain(`--chdir ${SANDBOX_HOME}`);
    // The code is bound after the private /tmp, or the tmpfs would hide it.
    expect(args.indexOf('/tmp/project')).toBeGreaterThan(args.indexOf('/tmp'));
    expect(args.slice(-3)).toEqual(['--', '/usr/bin/node', '/tmp/project/server.js']);
    expect(args.join(' ')).not.toContain('--bind /');
  });
  it('shares the network only when asked', () => {
    expect(bwrapArguments({ ...plan, network: true })).not.toContain('--unshare-net');
  });
});

describe('planCode', () => {
  const home = join(work, 'home');
  const project = join(home, 'code', 'server');
  mkdirSync(join(project, 'node_modules', 'dep'), { recursive: true });
  mkdirSync(join(home, '.ssh'), { recursive: true });
  writeFileSync(join(project, 'package.json'), '{}');
  writeFileSync(join(project, 'index.js'), '');
  writeFileSync(join(home, 'loose.js'), '');
  symlinkSync(join(project, 'index.js'), join(work, 'link.js'));
  const request = { command: 'node', cwd: project, path: process.env.PATH ?? '/usr/bin' };

  it('binds a script’s project root read-only and makes the argument absolute', () => {
    const plan = planCode({ ...request, args: ['index.js', '--port', '80'] }, home);
    expect(plan.args).toEqual([join(project, 'index.js'), '--port', '80']);
    expect(plan.mounts).toContainEqual({ source: project, dest: project });
    expect(plan.mounts.every((mount) => !mount.writable)).toBe(true);
  });

  it('never binds the home folder whole: a loose file there is bound alone', () => {
    const plan = planCode({ ...request, cwd: home, args: ['loose.js'] }, home);
    expect(plan.mounts.map((mount) => mount.dest)).toContain(join(home, 'loose.js'));
    expect(plan.mounts.some((mount) => mount.dest === home || home.startsWith(`${mount.dest}/`))).toBe(false);
  });

  it('resolves symlinks, leaves the sandbox’s own paths and plain words alone', () => {
    const plan = planCode({ ...request, cwd: work, args: ['link.js', '/tmp', '.', 'memory'] }, home);
    expect(plan.args).toEqual([join(project, 'index.js'), '/tmp', '.', 'memory']);
    expect(plan.mounts.map((mount) => mount.dest)).not.toContain('/tmp');
  });

  // The crawl runs servers from `/`: `run` (auth0's and Cloudflare's subcommand) became `/run`, bound read-only.
  it('leaves a bare word alone even when a folder of that name exists; a folder is named with a slash', () => {
    const fromRoot = planCode({ ...request, cwd: '/', args: [join(project, 'index.js'), 'run', 'srv'] }, home);
    expect(fromRoot.args).toEqual([join(project, 'index.js'), 'run', 'srv']);
    expect(fromRoot.mounts.map((mount) => mount.dest)).not.toContain('/run');
    const fromHome = planCode({ ...request, cwd: join(home, 'code'), args: ['server/index.js', 'server', './server'] }, home);
    expect(fromHome.args).toEqual([join(project, 'index.js'), 'server', project]);
    expect(fromHome.mounts).toContainEqual({ source: project, dest: project });
  });

  it('with argumentPaths "script", shows only the program: later arguments never choose what the server sees', () => {
    const plan = planCode(
      { ...request, cwd: home, args: [join(project, 'index.js'), join(home, '.ssh'), './loose.js'], argumentPaths: 'script' },
      home,
    );
    expect(plan.args).toEqual([join(project, 'index.js'), join(home, '.ssh'), './loose.js']);
    const shown = plan.mounts.map((mount) => mount.dest);
    expect(shown).toContain(project);
    expect(shown).not.toContain(join(home, '.ssh'));
    expect(shown).not.toContain(join(home, 'loose.js'));
    // The same command line typed by a user shows both.
    const typed = planCode({ ...request, cwd: home, args: [join(project, 'index.js'), join(home, '.ssh'), './loose.js'] }, home);
    expect(typed.mounts.map((mount) => mount.dest)).toEqual(expect.arrayContaining([join(home, '.ssh'), join(home, 'loose.js')]));
  });

  it('adds --allow-read and --allow-write paths, and refuses missing ones', () => {
    const plan = planCode({ ...request, args: [], allowRead: [join(home, '.ssh')], allowWrite: [work] }, home);
    expect(plan.mounts).toContainEqual({ source: join(home, '.ssh'), dest: join(home, '.ssh'), writable: false });
    expect(plan.mounts).toContainEqual({ source: work, dest: work, writable: true });
    expect(() => planCode({ ...request, args: [], allowRead: [join(work, 'missing')] }, home)).toThrow(SandboxError);
  });

  it('reports a command that is not on PATH', () => {
    expect(() => planCode({ ...request, command: 'no-such-command-xyz', args: [] }, home)).toThrow(/command not found/);
  });
});

describe('ownCgroups', () => {
  it('joins the cgroup path onto the mount that shows it', () => {
    const proc = join(work, 'proc');
    mkdirSync(proc);
    writeFileSync(join(proc, 'cgroup'), '4:memory:/jobs/one\n0::/user.slice/app\n');
    writeFileSync(
      join(proc, 'mountinfo'),
      [
        '30 25 0:26 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory',
        '31 25 0:27 /user.slice /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
      ].join('\n'),
    );
    expect(ownCgroups(proc)).toEqual({ v1Memory: '/sys/fs/cgroup/memory/jobs/one', v2: '/sys/fs/cgroup/unified/app' });
  });
});
