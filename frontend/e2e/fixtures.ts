// Fixtures of the browser end-to-end tests: the real processes each spec file runs against.
//
// A spec file gets its own stack, started when its first test asks for it and stopped when the
// worker ends: a hub (build/bin/fieldbook-hub on a fresh SQLite file) with technician 张伟 (two
// one-time enrolment codes) and clerk 李娜 (one code) of centre 上海中心, and the e2e build of the
// app (build/bin/fieldbook-e2e: the embedded frontend over HTTP, window.go routed to the real
// bound Go structs) on a fresh data directory. The clerk's desk is a second app instance, started
// only for the tests that use it, and so is the service desk's (客服 孙悦, one code). Tests in one
// file run in order and share their stack; files are independent of each other.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { test as base, expect, type Page } from '@playwright/test'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const appBin = path.resolve(repo, process.env.FIELDBOOK_E2E_BIN || 'build/bin/fieldbook-e2e')
const hubBin = path.resolve(repo, process.env.FIELDBOOK_HUB_BIN || 'build/bin/fieldbook-hub')

/** Where screenshots and rendered PDFs go (the report and failure traces go beside them). */
export const artifacts = path.resolve(repo, process.env.FIELDBOOK_ARTIFACTS || 'build/test-artifacts')

/** How long one step may wait: generous, CI machines can be busy. */
export const TIMEOUT = 20_000

/** A started process that printed its address. */
export class Server {
  constructor(
    readonly name: string,
    readonly url: string,
    private readonly proc: ChildProcess,
    readonly logFile: string,
  ) {}

  log(): string {
    return readFileSync(this.logFile, 'utf8')
  }

  /** SIGKILL: the process dies as in a crash or a power cut, with no chance to finish anything. */
  async crash(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return
    const exited = new Promise((resolve) => this.proc.once('exit', resolve))
    this.proc.kill('SIGKILL')
    await exited
  }

  /** SIGTERM, then SIGKILL if it has not exited within 10 s. */
  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return
    const exited = new Promise((resolve) => this.proc.once('exit', resolve))
    this.proc.kill('SIGTERM')
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  }
}

/** Starts bin with args, its output in logFile, and waits for the line that names its address. */
async function start(name: string, bin: string, args: string[], logFile: string, address: RegExp, timeout = 60_000, env?: Record<string, string>): Promise<Server> {
  const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ? { ...process.env, ...env } : process.env })
  const log = createWriteStream(logFile)
  let seen = ''
  let found = false
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeout} ms:\n${seen}`)), timeout)
    const onData = (chunk: Buffer) => {
      log.write(chunk)
      if (found) return
      seen += chunk.toString()
      const m = address.exec(seen)
      if (m) {
        found = true
        clearTimeout(timer)
        resolve(`http://${m[1]}/`)
      }
    }
    proc.stdout!.on('data', onData)
    proc.stderr!.on('data', onData)
    proc.once('error', (e) => {
      clearTimeout(timer)
      reject(new Error(`${name}: ${e.message}`))
    })
    proc.once('exit', (code) => {
      if (found) return
      clearTimeout(timer)
      reject(new Error(`${name} exited (${code}) before it listened:\n${seen}`))
    })
  })
  return new Server(name, url, proc, logFile)
}

/** What a laptop's person typed in the first-run setup's 单机使用 (work alone). */
export interface WorkAlone {
  technician: { name: string; phone: string; employee_no: string }
  company: { name: string; address: string; phone: string }
}

/** The work-alone profile the stacks' laptops start with, as if their person had gone through the setup. */
export const WORK_ALONE: WorkAlone = {
  technician: { name: '张伟', phone: '13900001111', employee_no: '' },
  company: { name: '张伟办公设备维修部', address: '上海市闵行区莘庄镇 1 号', phone: '021-64120000' },
}

/** Calls a bound Go method of the app at url as the page does (the e2e shim's route). */
export async function callGo(url: string, method: string, ...args: unknown[]): Promise<any> {
  const res = await fetch(new URL(`__go/${method}`, url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(args) })
  const body = await res.json()
  if (!res.ok) throw new Error(`${method}: ${JSON.stringify(body)}`)
  return body
}

/**
 * Passes the first-run setup the way its 单机使用 does (Settings.Save with setup "alone" and the
 * person's details), unless the laptop is set up already. A store that cannot be read (a damaged
 * database the test opens on purpose) has no setup to pass: the window shows its startup error.
 */
async function passSetup(app: Server, profile: WorkAlone): Promise<void> {
  let s: any
  try {
    s = await callGo(app.url, 'desktop.Settings.Get')
  } catch {
    return
  }
  if (s.setup) return
  await callGo(app.url, 'desktop.Settings.Save', { ...s, ...profile, setup: 'alone' })
}

/**
 * An app instance on dataDir: the e2e build serving the frontend; env adds to its environment (e.g.
 * the laptop's TZ). Its first-run setup is passed with `profile` (work alone); null leaves the
 * laptop as a new install opens it, at the setup.
 */
export async function startApp(
  name: string,
  dataDir: string,
  logFile: string,
  extra: string[] = [],
  env?: Record<string, string>,
  timeout = 60_000,
  profile: WorkAlone | null = WORK_ALONE,
): Promise<Server> {
  const app = await start(name, appBin, ['--data-dir', dataDir, '--addr', '127.0.0.1:0', ...extra], logFile, /listening http:\/\/(127\.0\.0\.1:\d+)\//, timeout, env)
  if (profile) await passSetup(app, profile)
  return app
}

/** Runs a `fieldbook-hub` command on the hub database db (the --db flag is added). */
export function hubCLI(db: string, ...args: string[]): string {
  return execFileSync(hubBin, [...args, '--db', db], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
}

/** The processes of one spec file. */
export class Stack {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'fieldbook-e2e-'))
  /** The hub's SQLite database (for hubCLI). */
  readonly hubDB = path.join(this.dir, 'hub.db')
  hub!: Server
  /** Two one-time enrolment codes of technician 张伟. */
  techCodes: string[] = []
  /** The one-time enrolment code of clerk 李娜 (same centre). */
  clerkCode = ''
  /** The one-time enrolment code of 孙悦, the service desk (客服) of the same centre. */
  deskCode = ''
  app!: Server
  private clerkApp?: Promise<Server>
  private deskApp?: Promise<Server>
  private servers: Server[] = []

  static async start(appDataDir?: string): Promise<Stack> {
    const s = new Stack()
    const db = s.hubDB
    hubCLI(db, 'migrate')
    hubCLI(db, 'user', 'add', '--name', '张伟', '--role', 'technician', '--centre', '上海中心')
    s.techCodes = [hubCLI(db, 'device', 'enrol-code', '--user', '张伟'), hubCLI(db, 'device', 'enrol-code', '--user', '张伟')]
    hubCLI(db, 'user', 'add', '--name', '李娜', '--role', 'clerk', '--centre', '上海中心')
    s.clerkCode = hubCLI(db, 'device', 'enrol-code', '--user', '李娜')
    hubCLI(db, 'user', 'add', '--name', '孙悦', '--role', 'desk', '--centre', '上海中心')
    s.deskCode = hubCLI(db, 'device', 'enrol-code', '--user', '孙悦')
    const [hub, app] = await Promise.all([
      start('hub', hubBin, ['serve', '--db', db, '--addr', '127.0.0.1:0'], path.join(s.dir, 'hub.log'), /"addr":"(127\.0\.0\.1:\d+)"/),
      startApp('app', appDataDir ?? path.join(s.dir, 'data'), path.join(s.dir, 'app.log')),
    ])
    s.hub = hub
    s.app = app
    s.servers.push(hub, app)
    return s
  }

  /** The archive clerk's desk: a second app instance with its own data directory. */
  clerk(): Promise<Server> {
    this.clerkApp ??= startApp('clerk', path.join(this.dir, 'clerk'), path.join(this.dir, 'clerk.log')).then((s) => {
      this.servers.push(s)
      return s
    })
    return this.clerkApp
  }

  /** The service desk's computer: another app instance with its own data directory. */
  desk(): Promise<Server> {
    this.deskApp ??= startApp('desk', path.join(this.dir, 'desk'), path.join(this.dir, 'desk.log')).then((s) => {
      this.servers.push(s)
      return s
    })
    return this.deskApp
  }

  /** The last lines each process logged, for a failed test's report. */
  logs(): string {
    return this.servers.map((s) => `--- ${s.name} log\n${s.log().split('\n').slice(-80).join('\n')}`).join('\n')
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.stop()))
    rmSync(this.dir, { recursive: true, force: true })
  }
}

/** Collects the page's errors: uncaught exceptions and console errors. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    // A rejected binding call is an HTTP error status in the shim: expected, not a page error.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`)
  })
  return errors
}

type WorkerFixtures = { stacks: Map<string, Promise<Stack>> }
type TestFixtures = { stack: Stack }

export const test = base.extend<TestFixtures, WorkerFixtures>({
  stacks: [
    async ({}, use) => {
      const stacks = new Map<string, Promise<Stack>>()
      await use(stacks)
      for (const s of stacks.values()) await (await s.catch(() => null))?.stop()
    },
    { scope: 'worker' },
  ],
  stack: async ({ stacks }, use, testInfo) => {
    if (!stacks.has(testInfo.file)) stacks.set(testInfo.file, Stack.start())
    const stack = await stacks.get(testInfo.file)!
    await use(stack)
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('server logs', { body: stack.logs(), contentType: 'text/plain' })
  },
  baseURL: async ({ stack }, use) => {
    await use(stack.app.url)
  },
  page: async ({ page }, use) => {
    page.setDefaultTimeout(TIMEOUT)
    const errors = watchErrors(page)
    await use(page)
    expect(errors, 'errors in the page').toEqual([])
  },
})

export { expect }
