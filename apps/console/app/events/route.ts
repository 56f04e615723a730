import { forward } from "@/lib/proxy";

export const dynamic = "force-dynamic";

/** Live audit events (server-sent events) streamed through from the API. */
export const GET = (req: Request) => forward(req, { stream: true });
