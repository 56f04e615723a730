import { forward } from "@/lib/proxy";

export const dynamic = "force-dynamic";

export const GET = (req: Request) => forward(req);
export const POST = (req: Request) => forward(req);
