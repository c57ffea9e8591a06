/**
 * Debian's chromium, driven by playwright-core (which never downloads a browser). A missing
 * browser fails the test with the fix; it must not pass silently (CI installs it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`chromium not found at ${CHROMIUM}: install it with 'apt-get install -y chromium' (CI does, from .ci/apt-packages) or set CHROMIUM_PATH`);
  }
  // Without the background-networking flags chromium keeps dialling out on a closed network.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Where screenshots go: reports/ is git-ignored, and CI can keep it as an artifact. */
export function artifactPath(name: string): string {
  const dir = path.resolve(__dirname, '..', '..', 'reports', 'test-artifacts');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
