// When to get help right away, for the conditions the clinician said the patient has (or may
// have) today, when the clinician did not say it in their own words. Written for Bedside from
// standard patient-education red flags (MedlinePlus topics for each condition), short and plain
// (grade ≤ 6); each is a noun phrase that reads after "if you have" / "si tiene" and names what fits that condition, so an infected foot never gets only the
// generic allergy line. The clinician's own words always come first: these only fill in.
import type { SummaryLanguage } from "@bedside/shared";

export interface ConditionSign {
  en: string;
  es: string;
}

export const CONDITION_SIGNS: Readonly<Record<string, ConditionSign>> = {
  cellulitis: {
    en: "redness that spreads, red streaks, or a fever",
    es: "enrojecimiento que se extiende, rayas rojas o fiebre",
  },
  pneumonia: {
    en: "trouble breathing, lips that turn blue, or a high fever",
    es: "dificultad para respirar, labios morados o fiebre alta",
  },
  "congestive heart failure": {
    en: "trouble breathing at rest or when you lie down",
    es: "dificultad para respirar en reposo o al acostarse",
  },
  "coronary artery disease": {
    en: "chest pain that does not go away with rest",
    es: "dolor de pecho que no se quita con reposo",
  },
  "kidney stones": {
    en: "a fever, very bad pain, or trouble peeing",
    es: "fiebre, un dolor muy fuerte o dificultad para orinar",
  },
  hypertension: {
    en: "a very bad headache, chest pain, or weakness on one side",
    es: "un dolor de cabeza muy fuerte, dolor de pecho o debilidad de un lado",
  },
  asthma: {
    en: "trouble breathing that your inhaler does not help",
    es: "dificultad para respirar que el inhalador no alivia",
  },
  copd: {
    en: "trouble breathing that your inhaler does not help",
    es: "dificultad para respirar que el inhalador no alivia",
  },
  "atrial fibrillation": {
    en: "chest pain, fainting, or weakness on one side",
    es: "dolor de pecho, desmayo o debilidad de un lado",
  },
  "deep vein thrombosis": {
    en: "sudden trouble breathing or chest pain",
    es: "falta de aire de repente o dolor de pecho",
  },
  diabetes: {
    en: "confusion, or throwing up so you cannot keep water down",
    es: "confusión, o vómitos sin poder retener el agua",
  },
  "urinary tract infection": {
    en: "a fever, back pain on one side, or throwing up",
    es: "fiebre, dolor de espalda de un lado, o vómitos",
  },
  "strep throat": {
    en: "trouble breathing or swallowing, or drooling",
    es: "dificultad para respirar o tragar, o babeo",
  },
  fracture: {
    en: "fingers or toes that turn cold, blue or numb",
    es: "dedos fríos, morados o dormidos",
  },
  concussion: {
    en: "a headache that gets worse, or you throw up a lot, or are hard to wake",
    es: "un dolor de cabeza que empeora, vómitos una y otra vez, o mucho sueño",
  },
  depression: {
    en: "thoughts of hurting yourself (call or text 988)",
    es: "pensamientos de hacerse daño (llame o escriba al 988)",
  },
  "covid-19": {
    en: "trouble breathing, chest pain, or lips that turn blue",
    es: "dificultad para respirar, dolor de pecho o labios morados",
  },
  influenza: {
    en: "trouble breathing, chest pain, or trouble waking up",
    es: "dificultad para respirar, dolor de pecho o mucho sueño",
  },
  diverticulitis: {
    en: "a high fever or belly pain that gets worse",
    es: "fiebre alta o dolor de barriga que empeora",
  },
  stroke: {
    en: "new weakness on one side, a droopy face, or trouble talking",
    es: "debilidad nueva de un lado, la cara caída o dificultad para hablar",
  },
};

/** The sign for a condition in the summary's language; undefined when there is none. */
export function conditionSign(term: string | undefined, language: SummaryLanguage): string | undefined {
  const sign = term ? CONDITION_SIGNS[term] : undefined;
  return sign?.[language];
}
