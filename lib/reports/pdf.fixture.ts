import { readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// For the PDF tests: a stand-in for the report page on loopback (the real page needs a Next server;
// e2e/reports.spec.ts prints that one), and a count of the Chromium processes this process started.

export interface ReportPageServer {
  origin: string;
  /** Requests for /r/<token> pages so far. */
  pageRequests: number;
  close(): Promise<void>;
}

/** Serves a small report page at /r/<token>, after `delayMs`, so that prints overlap. */
export async function startReportPageServer(delayMs = 300): Promise<ReportPageServer> {
  const state = { pageRequests: 0 };
  const server: Server = createServer((request, response) => {
    const match = /^\/r\/([\w-]+)$/.exec(request.url ?? "");
    if (!match) {
      response.writeHead(404).end();
      return;
    }
    state.pageRequests += 1;
    setTimeout(() => {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(`<!doctype html><html><head><title>Report</title></head><body><h1>Report ${match[1]}</h1></body></html>`);
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    get pageRequests() {
      return state.pageRequests;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

interface ProcessInfo {
  pid: number;
  ppid: number;
  command: string;
}

function readProcesses(): ProcessInfo[] {
  const processes: ProcessInfo[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name is in parentheses and may hold spaces: the fields after the last ")" are fixed.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
      processes.push({ pid: Number(entry), ppid, command });
    } catch {
      // The process exited between readdir and read: it is not running, so it is rightly not counted.
    }
  }
  return processes;
}

/** Chromium processes descended from this process, and how many separate browsers they form. */
export function countOwnChromiumProcesses(): {
  processes: number;
  browsers: number;
  browserPids: number[];
  /** Each browser root as "pid ppid command", for assertion messages. */
  browserRoots: string[];
} {
  const all = readProcesses();
  const byPid = new Map(all.map((info) => [info.pid, info]));
  const isChromium = (info: ProcessInfo) => /chrom(e|ium)/i.test(info.command);
  const descendsFromUs = (info: ProcessInfo) => {
    for (let current = byPid.get(info.ppid); current; current = byPid.get(current.ppid)) {
      if (current.pid === process.pid) return true;
    }
    return false;
  };
  const own = all.filter((info) => isChromium(info) && descendsFromUs(info));
  // A browser is a Chromium main process started by a non-Chromium parent. Its helpers carry --type=
  // (zygote, renderer, gpu, utility), are forks of it, or are the crashpad handler, which is started
  // through a short-lived intermediate fork and so may briefly look parentless.
  const roots = own.filter((info) => {
    const parent = byPid.get(info.ppid);
    const mainBinary = /\/chrom(e|ium) /.test(`${info.command} `) && !info.command.includes("--type=");
    return mainBinary && !(parent && isChromium(parent));
  });
  return {
    processes: own.length,
    browsers: roots.length,
    browserPids: roots.map((info) => info.pid),
    browserRoots: roots.map((info) => `${info.pid} ${info.ppid} ${info.command.slice(0, 100)}`),
  };
}

/** Samples countOwnChromiumProcesses every few ms until stopped; returns the highest counts seen. */
export function sampleChromiumProcesses(everyMs = 100): {
  stop(): { maxProcesses: number; maxBrowsers: number; browserRoots: string[] };
} {
  let maxProcesses = 0;
  let maxBrowsers = 0;
  let browserRoots: string[] = [];
  const sample = () => {
    const count = countOwnChromiumProcesses();
    maxProcesses = Math.max(maxProcesses, count.processes);
    if (count.browsers > maxBrowsers) browserRoots = count.browserRoots;
    maxBrowsers = Math.max(maxBrowsers, count.browsers);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { maxProcesses, maxBrowsers, browserRoots };
    },
  };
}
