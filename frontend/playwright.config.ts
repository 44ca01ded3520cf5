// Browser end-to-end tests (`make e2e`): @playwright/test driving Debian's chromium
// (/usr/bin/chromium, or FIELDBOOK_CHROMIUM) against the e2e build of the app and a real hub,
// which e2e/fixtures.ts starts. Playwright's own browser downloads are not used.
import { defineConfig } from '@playwright/test'

const artifacts = process.env.FIELDBOOK_ARTIFACTS || '../build/test-artifacts'

export default defineConfig({
  testDir: 'e2e',
  // a screenshot and a trace of each failed test, and the HTML report, beside the screenshots
  outputDir: `${artifacts}/e2e-results`,
  reporter: [['list'], ['html', { outputFolder: `${artifacts}/e2e-report`, open: 'never' }]],
  // Tests within a file run in order and share that file's app instances; files are independent.
  fullyParallel: false,
  workers: Number(process.env.FIELDBOOK_E2E_WORKERS || 1),
  forbidOnly: !!process.env.CI,
  // A failed test runs once more with a trace (recording one for every test would make the run
  // several times slower); passing on that second run still fails the run: a flaky test is a bug.
  retries: 1,
  failOnFlakyTests: true,
  timeout: 240_000,
  expect: { timeout: 20_000 },
  use: {
    headless: true,
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    actionTimeout: 20_000,
    navigationTimeout: 20_000,
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.FIELDBOOK_CHROMIUM || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
})
