// The part of autocannon's API the benchmarks use (the package ships no types; @types/autocannon is for v7).
declare module "autocannon" {
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
  }
  interface Instance extends PromiseLike<unknown> {
    on(event: "response", listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): this;
  }
  export default function autocannon(options: Options): Instance;
}
