import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';

/** Debian's Firefox ESR (`apt-get install firefox-esr`; `.ci/run` installs it), or the one FIREFOX_PATH names. */
export function firefoxPath(): string {
  const path = process.env['FIREFOX_PATH'] ?? '/usr/bin/firefox-esr';
  if (!existsSync(path)) throw new Error(`no Firefox at ${path}: install Debian's firefox-esr (apt-get install firefox-esr), or set FIREFOX_PATH`);
  return path;
}

/**
 * A headless Firefox driven over WebDriver BiDi by puppeteer-core, which downloads no browser:
 * a second engine (Gecko) for a page that must open anywhere.
 */
export const launchFirefox = (): Promise<Browser> => puppeteer.launch({ browser: 'firefox', executablePath: firefoxPath(), headless: true });
