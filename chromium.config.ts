// The one Chromium every browser run uses (Playwright tests and the browser bench): Debian's, since browser
// downloads do not work here, with the flags that keep it from calling hosts this network does not have.
export const CHROMIUM_LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
