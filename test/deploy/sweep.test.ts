/**
 * The batch deployments run as written: the Kubernetes manifest's own
 * commands, settings and paths (deploy/kubernetes/sweep.yaml) and the Slurm
 * scripts (deploy/slurm/, submitted through a stand-in `sbatch` that records
 * what it was asked), for 4 shards as parallel local processes, each merged
 * with `popshift merge` — byte-identical to one unsharded run with the same seed.
 *
 * `popshift` is this checkout's CLI (the image's ENTRYPOINT is the same bin),
 * the volume is a temporary folder, and the image's /app is the repository.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot, popshift, type CliRun } from '../helpers.js';

const SHARDS = 4;
const ITERATIONS = 400;
const SEED = 11;
const SCENARIO = 'models/harrogate-integrated-care-uncertain.yaml';

type Env = Record<string, string>;
function run(file: string, args: string[], cwd: string, env: Env): Promise<CliRun> {
  return new Promise((done) =>
    execFile(file, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
      done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    ),
  );
}
function ok(r: CliRun, what: string): CliRun {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return r;
}
/** Every results file of a folder, by name (not a manifest naming the command that wrote it, which differs by design). */
function folder(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f !== 'popshift-run.json')
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );
}

// --- Kubernetes: the manifest's containers, as a pod would run them -------------------

interface Container {
  name: string;
  image: string;
  workingDir: string;
  command: string[];
  args: string[];
  envFrom?: { configMapRef: { name: string } }[];
  env?: { name: string; value: string }[];
  volumeMounts: { name: string; mountPath: string }[];
}
interface Manifest {
  kind: string;
  metadata: { name: string };
  data?: Env;
  spec: { completionMode?: string; completions?: number; template: { spec: { initContainers?: Container[]; containers: Container[] } } };
}
const manifests = parseAllDocuments(readFileSync(resolve(repoRoot, 'deploy/kubernetes/sweep.yaml'), 'utf8')).map((d) => d.toJS() as Manifest);
const jobs = manifests.filter((m) => m.kind === 'Job');
const shardJob = jobs.find((j) => j.spec.completionMode === 'Indexed')!;
const mergeJob = jobs.find((j) => j !== shardJob)!;

/** A container's command line and environment with the image's /app as the repository and the volume as `volume`. */
function pod(c: Container, volume: string, overrides: Env): { file: string; args: string[]; cwd: string; env: Env } {
  const mount = c.volumeMounts.find((v) => v.name === 'sweep')!.mountPath;
  const local = (s: string) => (s === c.workingDir || s.startsWith(c.workingDir + '/') ? repoRoot + s.slice(c.workingDir.length) : s === mount || s.startsWith(mount + '/') ? volume + s.slice(mount.length) : s);
  const env: Env = {};
  for (const from of c.envFrom ?? []) Object.assign(env, manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === from.configMapRef.name)!.data);
  for (const e of c.env ?? []) env[e.name] = e.value;
  Object.assign(env, overrides);
  for (const k of Object.keys(env)) env[k] = local(env[k]!);
  const [file, ...args] = [...c.command, ...c.args].map(local);
  return { file: file!, args, cwd: local(c.workingDir), env };
}
const runPod = (p: ReturnType<typeof pod>, extra: Env = {}) => run(p.file, p.args, p.cwd, { ...p.env, ...extra });

let tmp: string;
let bin: string;
let whole: Record<string, string>;
let k8s: { volume: string; merged: Record<string, string>; shardLines: string[] };
let slurm: { out: string; calls: string[][]; merged: Record<string, string> };
let cross: Record<string, string>;
let crossPrinted: string;
let truncated: { file: string; run: CliRun };

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'popshift-sweep-'));
  // `popshift` on the PATH, and an `sbatch` that records each submission (SWEEP, then its arguments) and answers a job id.
  bin = join(tmp, 'bin');
  const sbatchLog = join(tmp, 'sbatch.log');
  const path = `${bin}:${process.env.PATH}`;
  mkdirSync(bin);
  writeFileSync(join(bin, 'popshift'), `#!/bin/sh\nexec '${process.execPath}' '${resolve(repoRoot, 'bin/popshift.js')}' "$@"\n`);
  writeFileSync(join(bin, 'sbatch'), `#!/bin/sh\nprintf '%s\\t' "$SWEEP" "$@" >> '${sbatchLog}'\nprintf '\\n' >> '${sbatchLog}'\necho "$((4000 + $(wc -l < '${sbatchLog}')));testcluster"\n`);
  chmodSync(join(bin, 'popshift'), 0o755);
  chmodSync(join(bin, 'sbatch'), 0o755);

  const settings = { ITERATIONS: String(ITERATIONS), SHARDS: String(SHARDS), SEED: String(SEED), PATH: path };
  const volume = join(tmp, 'volume');
  const shardContainer = shardJob.spec.template.spec.containers[0]!;
  const slurmOut = join(tmp, 'slurm');
  // The Slurm sweep names the scenario by its absolute path, the Kubernetes one by a relative path.
  const slurmEnv = { ...settings, OUT: slurmOut, SCENARIO: resolve(repoRoot, SCENARIO) };

  // Phase 1: the whole run, the 4 pods of the Indexed Job, and the Slurm submission, all at once.
  const [wholeRun, submit, ...pods] = await Promise.all([
    popshift('simulate', SCENARIO, '--iterations', String(ITERATIONS), '--seed', String(SEED), '--out', join(tmp, 'whole')),
    run('/bin/sh', [resolve(repoRoot, 'deploy/slurm/submit.sh')], repoRoot, slurmEnv),
    ...Array.from({ length: SHARDS }, (_, k) => runPod(pod(shardContainer, volume, settings), { JOB_COMPLETION_INDEX: String(k) })),
  ]);
  ok(wholeRun, 'the whole run');
  ok(submit, 'deploy/slurm/submit.sh');
  pods.forEach((p, k) => ok(p, `shard pod ${k}`));
  whole = folder(join(tmp, 'whole'));

  // Phase 2: the Slurm array's tasks, each run as sbatch was asked (the index from --array), and the merge Job's wait.
  const calls = readFileSync(sbatchLog, 'utf8').trim().split('\n').map((l) => l.replace(/\t$/, '').split('\t'));
  const [sweep, ...shardCall] = calls[0]!;
  const array = /^--array=(\d+)-(\d+)(%\d+)?$/.exec(shardCall.find((a) => a.startsWith('--array='))!)!;
  const tasks = Array.from({ length: Number(array[2]) - Number(array[1]) + 1 }, (_, i) => Number(array[1]) + i);
  const mergeInit = pod(mergeJob.spec.template.spec.initContainers![0]!, volume, settings);
  const [waited, ...slurmTasks] = await Promise.all([
    runPod(mergeInit, { WAIT_TIMEOUT: '0' }),
    ...tasks.map((k) => run('/bin/sh', [shardCall[shardCall.length - 1]!], repoRoot, { ...slurmEnv, SWEEP: sweep!, SLURM_ARRAY_TASK_ID: String(k), SLURM_ARRAY_JOB_ID: '4001' })),
  ]);
  ok(waited, 'the merge Job waiting for the shards');
  slurmTasks.forEach((t, k) => ok(t, `Slurm array task ${k}`));

  // A shard with half its numbers cut off (as a copy cut short would be), for the CLI's refusal.
  const damaged = join(tmp, 'damaged-shard-3.bin');
  const full = readFileSync(join(slurmOut, 'shards/3/shard-3-of-4.bin'));
  const numbersAt = full.indexOf(10) + 1;
  writeFileSync(damaged, full.subarray(0, numbersAt + Math.floor((full.length - numbersAt) / 16) * 8));

  // Phase 3: the merges: the Kubernetes merge Job, the Slurm merge job, a merge of shards from both sweeps, and one with the damaged shard.
  const shardOf = (root: string, k: number) => join(root, `shards/${k}/shard-${k}-of-${SHARDS}.bin`);
  const mergeCall = calls[1]!.slice(1);
  const [k8sMerge, slurmMerge, crossMerge, damagedMerge] = await Promise.all([
    runPod(pod(mergeJob.spec.template.spec.containers[0]!, volume, settings)),
    run('/bin/sh', [mergeCall[mergeCall.length - 1]!], repoRoot, { ...slurmEnv, SWEEP: calls[1]![0]! }),
    popshift('merge', shardOf(join(volume, 'sweep'), 0), shardOf(join(volume, 'sweep'), 1), shardOf(slurmOut, 2), shardOf(slurmOut, 3), '--out', join(tmp, 'cross')),
    popshift('merge', shardOf(slurmOut, 0), shardOf(slurmOut, 1), shardOf(slurmOut, 2), damaged, '--out', join(tmp, 'damaged')),
  ]);
  ok(k8sMerge, 'the merge Job');
  ok(slurmMerge, 'the Slurm merge job');
  ok(crossMerge, 'merging shards of both sweeps');
  k8s = { volume, merged: folder(join(volume, 'sweep/merged')), shardLines: pods.map((p) => p.stdout.split('\n')[0]!) };
  slurm = { out: slurmOut, calls, merged: folder(join(slurmOut, 'merged')) };
  cross = folder(join(tmp, 'cross'));
  crossPrinted = crossMerge.stdout;
  truncated = { file: damaged, run: damagedMerge };
}, 600_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a sharded sweep on Kubernetes and on Slurm, run as the manifests say', () => {
  it('merge prints what simulate prints of the whole run: the fan, the rank correlations and the standard errors', () => {
    expect(crossPrinted).toMatch(/System gap by year, £m/);
    expect(crossPrinted).toMatch(/Standard error of each percentile of the system gap, £m/);
  });

  it('the Indexed Job has as many completions as the sweep has shards, and pod K runs shard K', () => {
    const config = manifests.find((m) => m.kind === 'ConfigMap')!;
    expect(shardJob.spec.completions).toBe(Number(config.data!.SHARDS));
    expect(k8s.shardLines).toEqual(Array.from({ length: SHARDS }, (_, k) => expect.stringMatching(new RegExp(`^Shard ${k}/${SHARDS}: iterations \\d+–\\d+ of ${ITERATIONS}, seed ${SEED}$`))));
  });

  it('the image is what the manifest runs: its WORKDIR, sweep.sh where the commands call it, popshift as ENTRYPOINT, a non-root user', () => {
    const docker = readFileSync(resolve(repoRoot, 'deploy/Dockerfile'), 'utf8');
    const runtime = docker.slice(docker.lastIndexOf('\nFROM '));
    const containers = [shardJob, mergeJob].flatMap((j) => [...(j.spec.template.spec.initContainers ?? []), ...j.spec.template.spec.containers]);
    for (const c of containers) {
      expect(runtime).toContain(`\nWORKDIR ${c.workingDir}\n`);
      expect(runtime).toContain(`COPY --from=build /app/deploy/sweep.sh ./deploy/sweep.sh\n`);
      expect(c.command).toEqual(['/bin/sh', `${c.workingDir}/deploy/sweep.sh`]);
      expect(c.image).toBe(shardJob.spec.template.spec.containers[0]!.image);
    }
    expect(runtime).toMatch(/\nUSER node\nENTRYPOINT \["popshift"\]\n/);
    expect(docker).toMatch(/RUN npm ci --ignore-scripts[^\n]*\nCOPY \. \.\nRUN npm run build \\\n && npm prune --omit=dev/);
  });

  it('the Kubernetes merge is byte-identical to one unsharded run', () => {
    expect(Object.keys(whole)).toEqual(['gap-closes.csv', 'percentiles.csv', 'simulation.json']);
    expect(k8s.merged).toEqual(whole);
  });

  it('Slurm: an array of one task per shard, and the merge after every task succeeded; byte-identical to one run', () => {
    expect(slurm.calls).toHaveLength(2);
    expect(slurm.calls[0]).toContain(`--array=0-${SHARDS - 1}%100`);
    expect(slurm.calls[0]!.at(-1)).toMatch(/deploy\/slurm\/shard\.sbatch$/);
    expect(slurm.calls[1]).toContain('--dependency=afterok:4001');
    expect(slurm.calls[1]!.at(-1)).toMatch(/deploy\/slurm\/merge\.sbatch$/);
    expect(slurm.merged).toEqual(whole);
  });

  it('shards of the same scenario named by a relative and by an absolute path merge into the same run', () => {
    expect(JSON.parse(whole['simulation.json']!).file).toBe(SCENARIO);
    expect(cross).toEqual(whole);
  });

  it('a shard with half its values removed is refused, naming the file, exit 2', () => {
    expect(truncated.run.code).toBe(2);
    expect(truncated.run.stderr).toMatch(new RegExp(`^popshift: merge: ${truncated.file}: holds (\\d+) values where shard 3/4 \\(100 iterations\\) has \\d+: the file is incomplete; run that shard again\\n$`));
  });
});
