import { contract } from "@bedside/shared";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { call } from "../lib/api";

/** The clinic's public facts (GET /api/clinic): the same for every page, asked once. */
const clinicKey = ["clinic"] as const;

/**
 * A line that tells a patient what to dial in an emergency: the clinic's number (the server's
 * EMERGENCY_NUMBER: 999 in the UK, 112 in much of Europe), or "call for help" until
 * it is known (a weak connection) or if it cannot be.
 */
export function EmergencyText({ line }: { line: "common.emergency" | "journey.urgent" }) {
  const { t } = useTranslation();
  const clinic = useQuery({
    queryKey: clinicKey,
    queryFn: ({ signal }) => call(contract.clinicInfo, { signal }),
    staleTime: Infinity,
  });
  const number = clinic.data?.emergencyNumber;
  return t(line, {
    emergency: number ? t("common.emergencyNumber", { number }) : t("common.emergencyNumberUnknown"),
  });
}
