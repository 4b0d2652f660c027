"use client";
import { LineChart } from "@mui/x-charts/LineChart";

/** Messages each way per bucket of the window: the shape of an API's traffic. */
export function UsageChart({ points, hourly }: { points: { at: string; messagesIn: number; messagesOut: number }[]; hourly: boolean }) {
  const format = (d: Date) =>
    d.toLocaleString("en-US", hourly ? { hour: "numeric", minute: "2-digit" } : { month: "short", day: "numeric", hour: "numeric" });
  return (
    <LineChart
      height={280}
      xAxis={[{ data: points.map((p) => new Date(p.at)), scaleType: "time", valueFormatter: format }]}
      series={[
        { data: points.map((p) => p.messagesIn), label: "Messages in (client → backend)", showMark: false, area: true },
        { data: points.map((p) => p.messagesOut), label: "Messages out (backend → client)", showMark: false },
      ]}
      margin={{ left: 10, right: 20 }}
    />
  );
}
