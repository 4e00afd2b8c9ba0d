"use client";

import dynamic from "next/dynamic";
import { Skeleton } from "@/components/ui/skeleton";

// recharts is ~125 KB gzipped: loading it after the page keeps the overview's first-load JS small.
// Charts draw in the browser only (they measure their container), so nothing is lost on the server.
const loading = () => (
  <div className="chart-loading">
    <Skeleton lines={6} label="Loading chart" />
  </div>
);

export const TokensShareChart = dynamic(() => import("./tokens-share-chart").then((module) => module.TokensShareChart), {
  ssr: false,
  loading,
});

export const CallsChart = dynamic(() => import("./calls-chart").then((module) => module.CallsChart), {
  ssr: false,
  loading,
});

export const BurndownChart = dynamic(() => import("./burndown-chart").then((module) => module.BurndownChart), {
  ssr: false,
  loading,
});
