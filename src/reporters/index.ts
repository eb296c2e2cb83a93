import { renderJson } from './json.js';
import { renderNagios } from './nagios.js';
import { renderPrometheus } from './prometheus.js';
import { renderText } from './text.js';
import type { Format, Reporter } from './types.js';

export const reporters: Readonly<Record<Format, Reporter>> = {
  text: renderText,
  json: renderJson,
  nagios: renderNagios,
  prometheus: renderPrometheus,
};

export { renderJson, renderNagios, renderPrometheus, renderText };
export { colorEnabled } from './ansi.js';
export { writeOut } from './writer.js';
export { FORMATS, type Format, type Report, type RenderOptions, type Reporter } from './types.js';
