/** Prometheus text exposition (format 0.0.4) with vLLM's metric names, labelled by model_name. */

const TTFT_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80, 160, 640, 2560];
const ITL_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80];
const E2E_BUCKETS = [0.01, 0.05, 0.1, 0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60, 120, 240, 480, 960, 1920, 7680];

export class Histogram {
  private readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(readonly buckets: readonly number[]) {
    this.counts = new Array<number>(buckets.length + 1).fill(0);
  }

  observe(seconds: number): void {
    let i = 0;
    while (i < this.buckets.length && seconds > this.buckets[i]!) i++;
    this.counts[i]!++;
    this.sum += seconds;
    this.count++;
  }

  render(name: string, labels: string, out: string[]): void {
    let cumulative = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      cumulative += this.counts[i]!;
      out.push(`${name}_bucket{${labels},le="${this.buckets[i]}"} ${cumulative}`);
    }
    out.push(`${name}_bucket{${labels},le="+Inf"} ${this.count}`);
    out.push(`${name}_sum{${labels}} ${this.sum}`);
    out.push(`${name}_count{${labels}} ${this.count}`);
  }
}

/** ModelMetrics are one model's series. */
export class ModelMetrics {
  running = 0;
  waiting = 0;
  promptTokens = 0;
  generationTokens = 0;
  cancelled = 0;
  readonly success = new Map<string, number>();
  readonly ttft = new Histogram(TTFT_BUCKETS);
  readonly itl = new Histogram(ITL_BUCKETS);
  readonly e2e = new Histogram(E2E_BUCKETS);

  constructor(readonly model: string) {}

  succeeded(finishReason: string): void {
    this.success.set(finishReason, (this.success.get(finishReason) ?? 0) + 1);
  }
}

const MAX_MODELS = 32;

/** Metrics holds the series of every model asked for, up to a bound that keeps label cardinality sane. */
export class Metrics {
  private readonly models = new Map<string, ModelMetrics>();

  constructor(private readonly served: readonly string[]) {
    for (const m of served) this.models.set(m, new ModelMetrics(m));
  }

  for(model: string): ModelMetrics {
    let m = this.models.get(model);
    if (m) return m;
    if (this.models.size >= MAX_MODELS) return this.models.get(this.served[0]!)!;
    m = new ModelMetrics(model);
    this.models.set(model, m);
    return m;
  }

  render(): string {
    const all = [...this.models.values()];
    const out: string[] = [];
    const family = (name: string, type: string, help: string, body: (m: ModelMetrics, labels: string) => void) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const m of all) body(m, `model_name="${escapeLabel(m.model)}"`);
    };
    family("vllm:num_requests_running", "gauge", "Number of requests in model execution batches.", (m, l) => out.push(`vllm:num_requests_running{${l}} ${m.running}`));
    family("vllm:num_requests_waiting", "gauge", "Number of requests waiting to be processed.", (m, l) => out.push(`vllm:num_requests_waiting{${l}} ${m.waiting}`));
    family("vllm:time_to_first_token_seconds", "histogram", "Histogram of time to first token in seconds.", (m, l) => m.ttft.render("vllm:time_to_first_token_seconds", l, out));
    family("vllm:inter_token_latency_seconds", "histogram", "Histogram of inter-token latency in seconds.", (m, l) => m.itl.render("vllm:inter_token_latency_seconds", l, out));
    family("vllm:e2e_request_latency_seconds", "histogram", "Histogram of end to end request latency in seconds.", (m, l) => m.e2e.render("vllm:e2e_request_latency_seconds", l, out));
    family("vllm:prompt_tokens_total", "counter", "Number of prefill tokens processed.", (m, l) => out.push(`vllm:prompt_tokens_total{${l}} ${m.promptTokens}`));
    family("vllm:generation_tokens_total", "counter", "Number of generation tokens processed.", (m, l) => out.push(`vllm:generation_tokens_total{${l}} ${m.generationTokens}`));
    family("vllm:request_success_total", "counter", "Count of successfully processed requests.", (m, l) => {
      for (const reason of ["stop", "length"]) out.push(`vllm:request_success_total{${l},finished_reason="${reason}"} ${m.success.get(reason) ?? 0}`);
    });
    family("llm_sim_requests_cancelled_total", "counter", "Requests whose client went away before the end.", (m, l) => out.push(`llm_sim_requests_cancelled_total{${l}} ${m.cancelled}`));
    return out.join("\n") + "\n";
  }
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}
