export { chromiumPath, launchChromium, measureParsing, measureReportPage, type PageFigures } from './chromium.js';
export { axeCheck, focused, goToHash, printing } from './pageProbes.js';
export { firefoxPath, launchFirefox } from './firefox.js';
