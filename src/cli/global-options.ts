// The options every command understands, as commander hands them over.
export interface GlobalOptions {
  readonly config?: string;
  readonly timeout?: number;
  readonly concurrency?: number;
  readonly color: boolean; // false with --no-color
  readonly verbose: boolean;
}

export function globalsOf(values: Record<string, unknown>): GlobalOptions {
  return {
    config: typeof values.config === 'string' ? values.config : undefined,
    timeout: typeof values.timeout === 'number' ? values.timeout : undefined,
    concurrency: typeof values.concurrency === 'number' ? values.concurrency : undefined,
    color: values.color !== false,
    verbose: values.verbose === true,
  };
}
