// A counter that advances every `ms` while active: spinners and "12s ago" redraw from it.
import { useEffect, useState } from 'react';

export function useTicker(ms: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return tick;
}
