"use client";
import { createColumnHelper, tableFeatures, useTable } from "@tanstack/react-table";
import Link from "next/link";
import { formatTime, truncate } from "@/lib/format";
import type { Memory } from "@/lib/types";

const features = tableFeatures({});
const helper = createColumnHelper<typeof features, Memory & { agentName: string }>();
const columns = helper.columns([
  helper.accessor("content", {
    header: "Content",
    cell: (info) => <Link href={`/memories/${info.row.original.id}`}>{truncate(info.getValue(), 140)}</Link>,
  }),
  helper.accessor("subject", { header: "Subject", cell: (info) => info.getValue() ?? "—" }),
  helper.accessor("agentName", { header: "Agent" }),
  helper.accessor("status", {
    header: "Status",
    cell: (info) => <span className={`status ${info.getValue()}`}>{info.getValue()}</span>,
  }),
  helper.accessor("version", { header: "Version" }),
  helper.accessor("createdAt", { header: "Created", cell: (info) => formatTime(info.getValue()) }),
]);

export function MemoryTable({
  rows,
  caption,
}: {
  rows: (Memory & { agentName: string })[];
  caption: string;
}) {
  const table = useTable({ features, columns, data: rows });
  return (
    <table className="table">
      <caption>{caption}</caption>
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => (
              <th key={header.id} scope="col">
                {header.isPlaceholder ? null : <table.FlexRender header={header} />}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={columns.length} className="muted">
              No memories match.
            </td>
          </tr>
        )}
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id}>
            {row.getAllCells().map((cell) => (
              <td key={cell.id}>
                <table.FlexRender cell={cell} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
