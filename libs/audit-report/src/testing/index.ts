export { chromiumPath, launchChromium, measureReportPage, type PageFigures } from './chromium.js';
export { axeCheck, focused, goToHash } from './pageProbes.js';
