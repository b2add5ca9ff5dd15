import { softmax } from "./model.js";

/** negativeLogLikelihood is the summed NLL of the true classes under softmax(logits / temperature). */
export function negativeLogLikelihood(logits: readonly Float64Array[], labels: readonly number[], temperature: number): number {
  const p = new Float64Array(logits[0]?.length ?? 0);
  let nll = 0;
  logits.forEach((z, i) => {
    softmax(z, p, temperature);
    nll -= Math.log(Math.max(p[labels[i]!]!, 1e-12));
  });
  return nll;
}

/** fitTemperature minimises the negative log-likelihood over a log-spaced grid from 0.2 to 8; ties keep the lower temperature. */
export function fitTemperature(logits: readonly Float64Array[], labels: readonly number[]): number {
  let best = 1;
  let bestNll = Infinity;
  for (let x = Math.log(0.2); x <= Math.log(8); x += 0.005) {
    const temperature = Math.exp(x);
    const nll = negativeLogLikelihood(logits, labels, temperature);
    if (nll < bestNll) {
      bestNll = nll;
      best = temperature;
    }
  }
  return best;
}
