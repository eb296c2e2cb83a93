// monitoring-plugins perfdata: 'label'=value[UOM];[warn];[crit];[min];[max]
// (https://www.monitoring-plugins.org/doc/guidelines.html, section "Performance data").
import type { Metric } from '../core/result.js';
import { plainNumber } from './numbers.js';

// The label is always quoted; a quote inside is doubled. '=' and '|' are replaced because
// Icinga refuses '=' in labels and '|' would end the perfdata section for Nagios.
export function perfLabel(label: string): string {
  const clean = label.replace(/[=|]/g, '_').replace(/[\u0000-\u001f\u007f]/g, '_');
  return `'${clean.replace(/'/g, "''")}'`;
}

// A range is kept only when it is made of range characters; anything else would break the line.
function range(text: string | undefined): string {
  if (text === undefined) return '';
  const t = text.trim();
  return /^@?(~|-?\d+(\.\d+)?)?(:(-?\d+(\.\d+)?)?)?$/.test(t) ? t : '';
}

function bound(value: number | undefined): string {
  return value !== undefined && Number.isFinite(value) ? plainNumber(value) : '';
}

export function perfItem(label: string, metric: Metric): string {
  // "U" is the guidelines' value for "could not be determined".
  const value = Number.isFinite(metric.value) ? `${plainNumber(metric.value)}${metric.unit ?? ''}` : 'U';
  const fields = [value, range(metric.warn), range(metric.crit), bound(metric.min), bound(metric.max)];
  while (fields.length > 1 && fields[fields.length - 1] === '') fields.pop();
  return `${perfLabel(label)}=${fields.join(';')}`;
}
