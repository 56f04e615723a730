"use client";
import { useLive } from "./live-events";

export function LiveIndicator() {
  const live = useLive();
  return (
    <span
      className={`live ${live ? "on" : "off"}`}
      role="status"
      aria-label={live ? "Live updates on" : "Polling every 3 seconds"}
    >
      {live ? "live" : "polling"}
    </span>
  );
}
