import { AppError } from "@/lib/core/app-error";

// Bounds the work of printing PDFs: at most `concurrency` at once, at most `maxWaiting` in line,
// and anything beyond that is turned away at once with a 429 and a Retry-After, rather than
// piling up requests (and memory) behind a busy Chromium.

export interface RenderQueueOptions {
  concurrency: number;
  maxWaiting: number;
}

/** Assumed print time until one has been measured. */
const FIRST_GUESS_MS = 3_000;

export class RenderQueue {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private averageMs = FIRST_GUESS_MS;

  constructor(private readonly options: RenderQueueOptions) {}

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `task` when a slot is free; throws TooManyRequests (429) when the line is full. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.options.concurrency) {
      this.active += 1;
    } else if (this.waiting.length < this.options.maxWaiting) {
      // The finishing task hands its slot over, so `active` stays counted for us.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      const seconds = this.retryAfterSeconds();
      throw new AppError(
        "TooManyRequests",
        `The server is busy printing other PDFs (${this.active} printing, ${this.waiting.length} waiting). Try again in ${seconds} s.`,
        { retryAfterSeconds: seconds },
      );
    }
    const started = Date.now();
    try {
      return await task();
    } finally {
      // A moving average, so Retry-After follows how long prints take on this machine.
      this.averageMs = 0.8 * this.averageMs + 0.2 * (Date.now() - started);
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }

  /** When the line ahead should have cleared: every running and waiting print, spread over the slots. */
  private retryAfterSeconds(): number {
    const ahead = this.active + this.waiting.length;
    return Math.max(1, Math.ceil((ahead / this.options.concurrency) * (this.averageMs / 1000)));
  }
}
