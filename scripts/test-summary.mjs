// Prints one closing line for the whole suite, `tests: N passed, N failed, N skipped`, from the
// JSON reports Vitest and Playwright write (reports/*.json). CI's log reader knows neither
// runner's own summary, so without this line a green run reads as "no test executed".
// Exits 1 when a report is missing or counts a failure, so the line never hides a problem.
import { existsSync, readFileSync } from "node:fs";

const totals = { passed: 0, failed: 0, skipped: 0 };
let missing = false;

function read(path) {
  if (!existsSync(path)) {
    console.error(`test-summary: ${path} is missing (did the runner start?)`);
    missing = true;
    return undefined;
  }
  return JSON.parse(readFileSync(path, "utf8"));
}

const vitest = read("reports/vitest.json");
if (vitest) {
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests;
  totals.skipped += vitest.numPendingTests + vitest.numTodoTests;
}

const playwright = read("reports/playwright.json");
if (playwright) {
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = playwright.stats ?? {};
  totals.passed += expected + flaky;
  totals.failed += unexpected;
  totals.skipped += skipped;
}

console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(missing || totals.failed > 0 ? 1 : 0);
