import { MemoriesView } from "@/components/memories-view";

export default async function MemoriesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tier } = await searchParams;
  return <MemoriesView initialTier={typeof tier === "string" ? tier : undefined} />;
}
