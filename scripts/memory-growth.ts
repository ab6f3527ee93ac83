import { percentile } from './percentile.ts';
import type { ProcessSample } from './process-sampler.ts';

export interface Growth {
  samples: number;
  firstThird: { rssMb: number; openFiles: number };
  lastThird: { rssMb: number; openFiles: number };
  /** (last − first) / first of the median RSS. */
  rssGrowth: number;
  /** last − first of the median open file count. */
  openFilesGrowth: number;
  /** Least-squares slope of RSS over the samples, MB per minute. */
  rssSlopeMbPerMin: number;
}

const median = (values: number[]) => percentile(values, 50);

/**
 * Whether memory and open files grow over a steady run: the medians of the first and last third of the samples
 * (medians, because both move with the jobs in hand from one second to the next), and the RSS trend.
 */
export function measureGrowth(samples: readonly ProcessSample[]): Growth {
  const third = Math.floor(samples.length / 3);
  const first = samples.slice(0, third);
  const last = samples.slice(samples.length - third);
  const figures = (part: readonly ProcessSample[]) => ({ rssMb: median(part.map((s) => s.rssKb)) / 1024, openFiles: median(part.map((s) => s.openFiles)) });
  const firstThird = figures(first);
  const lastThird = figures(last);
  const minutes = samples.map((s) => s.at / 60_000);
  const mb = samples.map((s) => s.rssKb / 1024);
  const meanX = minutes.reduce((a, b) => a + b, 0) / samples.length;
  const meanY = mb.reduce((a, b) => a + b, 0) / samples.length;
  let covariance = 0;
  let variance = 0;
  for (let i = 0; i < samples.length; i += 1) {
    covariance += (minutes[i]! - meanX) * (mb[i]! - meanY);
    variance += (minutes[i]! - meanX) ** 2;
  }
  return {
    samples: samples.length,
    firstThird,
    lastThird,
    rssGrowth: (lastThird.rssMb - firstThird.rssMb) / firstThird.rssMb,
    openFilesGrowth: lastThird.openFiles - firstThird.openFiles,
    rssSlopeMbPerMin: variance > 0 ? covariance / variance : 0,
  };
}
