// One page of a list that can grow without bound (an API's lifecycle and deployment history):
// what the URL asks for, parsed once, so that every paged list reads the same parameters.
import { z } from "zod";

export const pageSizes = [10, 25, 50, 100] as const;

export const ZListPage = z.object({
  page: z.coerce.number().int().min(0).default(0),
  pageSize: z.coerce
    .number()
    .int()
    .refine((n) => (pageSizes as readonly number[]).includes(n), "Choose 10, 25, 50 or 100 rows a page.")
    .default(10),
  sort: z.enum(["asc", "desc"]).default("desc"),
});
export type ListPage = z.output<typeof ZListPage>;

/** The page a URL's search parameters ask for; a value out of range falls back to its default, as a list's link should never fail. */
export function listPageOf(search: Record<string, string | string[] | undefined>): ListPage {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const defaults = ZListPage.parse({});
  const field = <K extends keyof ListPage>(key: K): ListPage[K] => {
    const parsed = ZListPage.shape[key].safeParse(one(search[key]));
    return (parsed.success ? parsed.data : defaults[key]) as ListPage[K];
  };
  return { page: field("page"), pageSize: field("pageSize"), sort: field("sort") };
}

/** Prisma's skip and take for a page. */
export function skipTake(page: ListPage): { skip: number; take: number } {
  return { skip: page.page * page.pageSize, take: page.pageSize };
}
