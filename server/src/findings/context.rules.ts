// Context rules in the style of medspaCy's ConText (Harkema et al. 2009): trigger phrases that
// change what a mention in their scope means — negated ("no fever"), hypothetical ("if you get
// chest pain"), about another person ("my mom has diabetes", "covid has been going around"),
// historical ("a past medical history significant for…") — and terminators that end a scope.
// A pseudo-trigger is a phrase that holds a trigger word or a lexicon word but means neither
// ("no change", "strain your urine"): mentions inside it are not mentions at all.
// Kept as data so a clinician can read, and a test can pin, every rule.

export type ContextCategory = "negated" | "hypothetical" | "other_person" | "historical" | "asked";

/**
 * forward: applies to mentions after the trigger; backward: before it; both: either side.
 * scope "clause" ends at a terminator (CLAUSE_TERMINATORS); "sentence" runs to the sentence's end.
 * maxWords limits the words between trigger and mention (undefined: the whole scope).
 */
export interface ContextRule {
  category: ContextCategory;
  direction: "forward" | "backward" | "both";
  scope: "clause" | "sentence";
  maxWords?: number;
  /** Regular expression source (case-insensitive, word-bounded by the author). */
  pattern: string;
}

const rule = (
  category: ContextCategory,
  direction: ContextRule["direction"],
  pattern: string,
  scope: ContextRule["scope"] = "clause",
  maxWords?: number,
): ContextRule => ({ category, direction, scope, pattern, ...(maxWords !== undefined ? { maxWords } : {}) });

export const CONTEXT_RULES: readonly ContextRule[] = [
  // ---- negation ---------------------------------------------------------------------------
  rule(
    "negated",
    "forward",
    String.raw`\b(?:no|not|denies|denied|deny|denying|without|never|negative\s+for|free\s+of|absence\s+of|none|nor|neither|no\s+longer|nothing|ruled\s+out|no\s+(?:evidence|signs?|sign)\s+of)\b`,
  ),
  rule(
    "negated",
    "forward",
    String.raw`\b(?:don't|doesn't|didn't|haven't|hasn't|hadn't|isn't|aren't|wasn't|can't\s+say)\b`,
  ),
  // An answer that names the thing and says no: "any abdominal infections?" "diarrhea no".
  rule("negated", "backward", String.raw`\bno\b(?=\s*(?:[.!?]|$))`, "clause", 1),
  // "i do n't think i've ever had heartburn": one trigger, so its own "i've" ends no clause.
  rule(
    "negated",
    "forward",
    String.raw`\b(?:do\s?n't|do\s+not)\s+think\s+(?:i've|i\s+have|i\s+had|i)\s+(?:ever\s+)?(?:had|have|got|gotten|been)\b`,
    "clause",
    6,
  ),
  // The ACI-Bench scribe splits contractions ("i do n't see any bruising") and runs a dictation on
  // without punctuation: there a negated verb reaches its own object, not the rest of the turn
  // ("…we did n't appreciate that on exam i want to go ahead and start you on flomax").
  rule(
    "negated",
    "forward",
    String.raw`\b(?:do|does|did|have|has|had|is|are|was|were|ca)\s+n't(?:\s+say)?`,
    "clause",
    8,
  ),
  // "the swelling went away", "fever? that's resolved", "the headaches have gone away", "my cough
  // is all better" (not "is better": a pain that is better may still be there)
  rule(
    "negated",
    "backward",
    String.raw`\b(?:went\s+away|(?:is|are|was|were)\s+(?:all\s+|completely\s+)?gone|(?:has|have|had)\s+(?:all\s+|completely\s+)?gone(?:\s+away)?|(?:has|have|had|is|are)?\s*cleared\s+up|(?:is|are|was|were|'s)\s+all\s+better|resolved|has\s+resolved|subsided|(?:was|were|came\s+back)\s+(?:negative|normal)|is\s+negative|ruled\s+out)\b`,
    "clause",
    4,
  ),
  // "i wouldn't say weakness, more like they get tired": the word offered and turned down.
  rule(
    "negated",
    "forward",
    String.raw`\b(?:wouldn't|would\s*n't|would\s+not|couldn't|could\s*n't)\s+(?:really\s+)?(?:say|call\s+(?:it|them|that)|describe\s+(?:it|them|that)\s+as)\b`,
    "clause",
    4,
  ),
  // "i used to get heartburn but that's been gone for years", "some numbness last week but it's
  // resolved": the resolution said of it with a pronoun, past the "but" that ends its clause. Over,
  // not denied: history (a past condition stays "History of…", the note charts a symptom as prior
  // and resolved), never the reason for the visit or a yes to "any heartburn?".
  rule(
    "historical",
    "backward",
    String.raw`\bbut\s+(?:that|it|this|those|they|these|all\s+that)(?:'s|\s+is|\s+are|\s+was|\s+were|\s+has|\s+have|'ve)?(?:\s+(?:been|now|since|all|completely|totally|pretty\s+much))*\s+(?:gone|resolved|went\s+away|gone\s+away|cleared(?:\s+up)?|stopped|fine\s+now|over)\b`,
    "sentence",
    12,
  ),
  // ---- asked, not told: a review-of-systems question the scribe wrote without its "?" ----------
  // ("have you noticed any nausea chills fever", "are you having any chest pain"). What it names is
  // the clinician's list, the patient's only once they affirm it.
  rule(
    "asked",
    "forward",
    String.raw`\b(?:(?:have|has|had|do|does|did|are|were|is|was)\s+(?:you|she|he|they|it)|any|(?:how|what)\s+about|or\s+not)\b`,
    "clause",
    10,
  ),
  // ---- hypothetical and conditional -------------------------------------------------------
  rule(
    "hypothetical",
    "forward",
    String.raw`\b(?:if|whether|might|may|could|possible|possibly|rule\s+out|worried|afraid|scared|risk\s+of|prevent|avoid|in\s+case|signs?\s+of|watch\s+(?:out\s+)?for|look(?:s|ing)?\s+(?:out\s+)?for|any\s+history|can\s+(?:lead\s+to|cause|result\s+in)|lead(?:s|ing)?\s+to|screen(?:ing)?\s+for|concerned|to\s+see\s+if|check(?:s|ing)?\s+(?:you\s+)?for|test(?:ing)?\s+(?:you\s+)?for|make\s+sure\s+(?:it's|it\s+is|you\s+don't|you\s+do\s+not|there's\s+no)|in\s+the\s+future|chance\s+of|(?:read|heard|seen)\s+(?:about|that|online|somewhere|on\s+the\s+(?:internet|news))|not\s+sure\s+(?:if|whether))\b`,
  ),
  // A hedge on the thing itself: "questionable blood in the stool", "i wonder if i'm getting a cold",
  // "perhaps some swelling": not a finding said as fact.
  rule(
    "hypothetical",
    "forward",
    String.raw`\b(?:questionable|perhaps|(?:i\s+)?wonder(?:ed|ing)?\s+(?:if|whether)|unsure\s+(?:if|whether|about)|i\s+thought\s+(?:that\s+)?(?:it\s+was|it's|i\s+had)(?:\s+just)?)\b`,
    "clause",
    6,
  ),
  // A goal for later, no order now: "hopefully … we can eventually get you off that lisinopril".
  rule(
    "hypothetical",
    "forward",
    String.raw`\b(?:eventually|someday|some\s+day|one\s+day|in\s+the\s+long\s+run)\b`,
    "clause",
    8,
  ),
  // A guess at the cause, with its alternatives: "i'm not sure if it's just the change of seasons and
  // i'm getting a cold" (the "and i'm" ends no scope here), "not sure, but i think i noticed some
  // blood in my stool".
  rule(
    "hypothetical",
    "forward",
    String.raw`\bnot\s+sure\s+(?:if|whether)\s+(?:it's|it\s+is|that's|this\s+is)\b`,
    "sentence",
    12,
  ),
  rule(
    "hypothetical",
    "forward",
    String.raw`\bnot\s+sure\s*,?\s+but\s+i\s+think(?:\s+i\s+(?:noticed|saw|had|have|felt|got))?\b`,
    "clause",
    8,
  ),
  // ---- another person, or talk about the world rather than the patient -----------------------
  rule(
    "other_person",
    "forward",
    String.raw`\b(?:mother|mom|mum|father|dad|brothers?|sisters?|family|grandmothers?|grandma|grandfathers?|grandpa|grandparents?|aunts?|uncles?|cousins?|sons?|daughters?|wife|husband|parents?|siblings?|kids?|children|friends?|relatives?|coworkers?|co-workers?|colleagues?|workmates?|flatmates?|housemates?|classmates?|neighbou?rs?|roommates?|boss|everybody|everyone|anybody\s+else|anyone\s+else|(?:my|your|other|our)\s+patients|a\s+lot\s+of\s+people|people\s+(?:are|have|get)|half\s+the\s+office)\b`,
    "sentence",
    10,
  ),
  // Practice in general, not this patient's medicines: "the guidelines have changed … before that we
  // used to give paracetamol as first line but now it's ibuprofen or aspirin" (blind audit s18).
  rule(
    "other_person",
    "forward",
    String.raw`\b(?:guidelines?|(?:we|they|doctors)\s+used\s+to\s+(?:give|use|prescribe|recommend))\b`,
    "sentence",
  ),
  // "for family history, there's high blood pressure, diabetes, … and kidney disease": the whole list.
  rule(
    "other_person",
    "forward",
    String.raw`\bfamily\s+(?:medical\s+)?history\b|\bruns?\s+in\s+(?:the|my|your)\s+family\b`,
    "sentence",
  ),
  // "covid has been going around", "the flu is everywhere this year", "runs in my family"
  rule(
    "other_person",
    "backward",
    String.raw`\b(?:(?:has\s+been|is|been|was)\s+going\s+around|going\s+around|is\s+everywhere|(?:in|on)\s+the\s+news|runs?\s+in\s+(?:my|the|your|our)\s+family|in\s+(?:my|the|your|our)\s+family|family\s+members?|in\s+the\s+community|at\s+(?:work|school)\s+(?:has|had|have))\b`,
    "clause",
    5,
  ),
  // ---- history: true, but not why the patient came or what the clinician thinks now ---------
  rule(
    "historical",
    "forward",
    String.raw`\b(?:(?:past\s+)?(?:medical|surgical)\s+history|history\s+(?:of|significant\s+for)|significant\s+for|in\s+the\s+past|previously|prior|used\s+to\s+have|had\s+(?:a|an)\s+(?:bout|episode|history)|years?\s+ago|(?:i|we)\s+know\s+(?:that\s+)?you(?:'ve)?\s+(?:had|have\s+had)|before\s+(?:you\s+(?:went|were|came|got)\s+(?:in(?:to)?\s+the\s+hospital|admitted|to\s+the\s+(?:er|emergency\s+room|hospital))|(?:your|the)\s+(?:admission|hospital\s+stay|hospitalization|surgery|operation))|(?:while|when)\s+you\s+were\s+(?:in\s+the\s+hospital|admitted))\b`,
  ),
  rule(
    "historical",
    "backward",
    String.raw`\b(?:(?:a\s+few|several|two|three|four|five|six|many|\d+)\s+(?:years?|months?)\s+ago|in\s+the\s+past|back\s+in\s+\d{4}|as\s+a\s+(?:kid|child))\b`,
    "clause",
    6,
  ),
  // "your skin cancer removal", "the rotator cuff repair": what was treated, not what is there now.
  rule(
    "historical",
    "backward",
    String.raw`\b(?:(?:was|were|got|had\s+been)\s+)?(?:removed|removal|repaired|repair|resected|excised|surgery\s+(?:for|on))\b`,
    "clause",
    2,
  ),
];

/**
 * Where a forward or backward scope ends: a new clause starts (the engine's first negation rule),
 * or the dictated history gives way to today's reason ("…significant for migraines who presents
 * with back pain"), or a "so" starts what follows from it ("there are no fractures so that's good so
 * … i will be ordering an mri": the MRI is ordered).
 */
export const CLAUSE_TERMINATORS = String.raw`\b(?:who|presents?|presenting|here\s+(?:today\s+)?(?:for|with)|today\s+(?:for|with))\b|\b(?:but|however|although|though|except|apart\s+from|aside\s+from|other\s+than|besides|which|yet|just|only|still|now)\b|,\s*(?:i|it|it's|i'm|i've|she|he|they|that's)\b|\b(?:i\s+(?:have|had|do|did|am|get|got|feel|felt|noticed))\b|\bi'(?:m|ve)\b|\byes\b|\byeah\b|\bso\s+(?=(?:i|we|you|let's|let|that's|for)\b)`;

/** Phrases that hold a trigger word or a lexicon word but mean neither. */
export const PSEUDO_TRIGGERS = String.raw`\b(?:(?:you|people|some\s+people)\s+(?:might|may|could)\s+(?:call|know)\s+(?:it|them|this|that)(?:\s+as)?|why\s+(?:do\s?n't|not)\s+(?:we|you|i)|no\s+(?:change|increase|decrease|further|problem|problems|worries|worry|big\s+deal)|not\s+(?:only|necessarily|sure\s+(?:if|whether)(?!\s+(?:it's|it\s+is|it\s+was|this\s+is|that's|i\s+have|i've|i\s+had|i'm|i\s+am|she\s+has|he\s+has)\b))|gram[\s-]+negative|strain\s+(?:your|the|my|his|her|their|him|them|it)\b(?:\s+(?:urine|pee))?|(?:to|not\s+to)\s+strain\b|feel\s+(?:a\s+)?(?:little\s+(?:bit\s+(?:of\s+)?)?|bit\s+of\s+|some\s+)?strain\b|a\s+(?:little\s+(?:bit\s+(?:of\s+)?)?|bit\s+of\s+)strain\b|(?:some|any|much)\s+strain\b|covid(?:-19)?\s+(?:vaccines?|vaccinations?|shots?|boosters?|clinic|tests?|testing|swabs?)|covid[\s-]+(?:15|fifteen)|(?:during|since|through|before|because\s+of|with\s+all)\s+(?:the\s+|this\s+|all\s+(?:the|this)\s+)?(?:covid(?:-19)?|pandemic)(?:\s+(?:pandemic|times|era|lockdowns?))?|(?:completed|finished)\s+(?:your|the|his|her|their)\s+covid(?:-19)?|cva\s+(?:tenderness|tinnitus|angle)|(?:tenderness|tender|pain)\s+(?:\w+\s+){0,2}(?:around|at|over|in)\s+(?:your|the|her|his)\s+cva|costovertebral\s+angle|stroke[\s-]+(?:like\s+)?symptoms|(?:if|whether)\s+(?:that's|that\s+is|it's|it\s+is)\s+(?:okay|ok|alright|all\s+right)|if\s+i\s+send\s+(?:it|this|that|them|the\s+prescription|a\s+prescription)\s+(?:straight\s+)?(?:to|over\s+to)\s+(?:your|the)\s+pharmacy|flu\s+(?:shots?|vaccines?)|(?:medications?|meds|orders?)\s+and\s+(?:the\s+)?procedures?|procedures?\s+(?:as\s+)?(?:described|discussed)|(?:hik\w*|climb\w*|walk\w*|drove|went)\s+(?:up\s+|to\s+|on\s+)(?:the\s+)?(?!(?:my|your|his|her|mom|dad|mother|father|wife|husband|son|daughter|sister|brother|friend)'s)[a-z]+'s\s+[a-z]+)\b`;

// ---- answers to yes/no questions --------------------------------------------------------------

/** Fillers before the answer proper ("um, no", "oh yeah", "well, I did not"). */
export const ANSWER_FILLERS = String.raw`(?:um+|uh+|er+|ah+|oh|hmm+|well|so|okay|ok|honestly|actually|i\s+mean)`;

/** A "no" (checked before "yes": "I have not" starts like "I have"). */
export const NEGATIVE_ANSWER_RULES: readonly string[] = [
  String.raw`no\b(?!\s+(?:doubt|question))`,
  String.raw`nope|nah|never|none|nothing|negative|not\s+(?:really|that\s+i|at\s+all|much|lately|recently)`,
  String.raw`i\s+(?:have|had|did|do|am|was|has)\s*(?:not|n't)\b`,
  String.raw`i(?:'ve|'m)\s+not\b`,
  String.raw`i\s+(?:don't|haven't|didn't|hadn't|wasn't|can't\s+say|do\s+not)\b`,
  String.raw`(?:yes|yeah|yep)[,\s]+(?:no|none|nothing|never)\b`,
  String.raw`(?:it|they|that|she|he)\s+(?:doesn't|don't|didn't|isn't|wasn't|hasn't|haven't|(?:does|do|did|is|was|has|have)\s+not)\b`,
  String.raw`(?:i\s+)?(?:don't|do\s+not)\s+think\s+so`,
];

/**
 * An answer about someone else ("yes, my sister has ovarian cancer", "a few family members have",
 * "I have one older brother"): its "yes" confirms nothing about the patient.
 */
export const ANOTHER_PERSON_ANSWER = String.raw`\b(?:(?:my|his|her|their|our|one|two|both|an?)\s+(?:\w+\s+)?(?:mother|mom|mum|father|dad|brothers?|sisters?|grandmothers?|grandma|grandfathers?|grandpa|grandparents|aunts?|uncles?|cousins?|sons?|daughters?|wife|husband|parents|siblings|kids|children|relatives?)|(?:family|relatives?)\s+(?:members?|have|has|had)|in\s+(?:the|my|our)\s+family|one\s+of\s+(?:them|my))\b`;

export const AFFIRMATIVE_ANSWER_RULES: readonly string[] = [
  String.raw`yes|yeah|yep|yup|yes\s+ma'am|yes\s+sir|uh[- ]huh|mm[- ]hmm|mhm|correct|right|sure`,
  String.raw`i\s+(?:do|have|did|am)|i'm|i've|i\s+had`,
  String.raw`sometimes|a\s+little|a\s+bit|kind\s+of|sort\s+of|definitely|absolutely|occasionally|some|i\s+think\s+so|that's\s+right|it\s+does|it\s+is|it\s+has|they\s+do|a\s+lot|all\s+the\s+time|every\s+day`,
];

// ---- the clinician's suspicion: a cause or a guess, not the patient's report -----------------
// "bleeding may be the cause of your fatigue", "the dizziness could be from the new pill", "I
// suspect some bleeding": in the clinician's words a symptom named as a possible cause or a
// guess is a question to answer, not what the patient said they have. Read for the clinician only:
// a patient's "the pain might be from lifting" still reports the pain.

/**
 * After the mention, within a few words: the mention named as the cause ("bleeding may be the
 * cause", "could explain"). "Your fatigue may be from the anemia" guesses the cause of a real
 * fatigue: not matched.
 */
export const SUSPICION_AFTER = String.raw`^\W*(?:\w+\W+){0,4}?(?:(?:may|might|could)(?:\s+well|\s+also)?\s+(?:be\s+(?:the\s+|a\s+|what's\s+|what\s+is\s+)?(?:cause|causing|reason|source|culprit|why|behind|responsible|contributing|part\s+of)|have\s+been\s+(?:the\s+)?(?:cause|causing)|explain|cause|account\s+for|lead\s+to|contribute)|(?:is|are)\s+(?:what's|what\s+is)\s+causing)\b`;

/**
 * Before the mention, a few words back in its clause: "I suspect", "maybe", "it could be", "I
 * wonder if". "Probably reflux causing your cough" guesses the cause of the cough, not the cough.
 */
export const SUSPICION_BEFORE = String.raw`\b(?:suspect(?:ing)?|maybe|perhaps|possibly|probably|wonder(?:ing)?\s+(?:if|whether)|(?:could|may|might)\s+(?:be|have))\b(?:\W+(?!(?:your|causing|causes?|caused|from|for|because|due|with|of)\b)\w+){0,3}\W*$`;
