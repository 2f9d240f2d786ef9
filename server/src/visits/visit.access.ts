// Visits implements the access module's visit lookup port with its repository: this is the
// resolver's type over the real rows, for the domains that read the visit access hands back.
import type { Guards } from "../access/access.guards.js";
import type { Access } from "../access/access.resolver.js";
import type { VisitRepository } from "./visit.repository.js";

export type VisitAccess = Access<VisitRepository>;
export type VisitGuards = Guards<VisitRepository>;
