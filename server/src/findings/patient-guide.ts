// Plain-language entries written for Bedside, one per symptom, condition, test, referral and
// kind of medicine the engine can name: what it is (the lexicon's definition), why it matters
// and what to do. Each sentence is checked at grade 6 or below by patient-guide.test.ts.
// Written to be specific: a summary never says "this is a sign from your body" of anything.

/** Symptoms: what it can mean or what helps, in one or two short sentences. */
export const SYMPTOM_GUIDE: Record<string, string> = {
  "chest pain": "Chest pain can come from the heart, so we take it seriously.",
  "shortness of breath": "Notice when it happens, like when you walk, lie down or rest.",
  cough: "Most coughs from a cold get better in two or three weeks.",
  "coughing up blood": "This needs care soon, even if it is only a little blood.",
  "vomiting blood": "This needs care right away.",
  fever: "A fever is how your body fights germs. Rest and drink a lot of fluids.",
  chills: "Chills often come with a fever as your body fights germs.",
  headache: "Rest, fluids and sleep can help. Note what seems to bring it on.",
  dizziness: "Get up slowly, and sit down if the room starts to spin.",
  fatigue: "Sleep, food and mood can all play a part in how tired you feel.",
  nausea: "Small sips of fluid and plain food may sit better.",
  vomiting: "Take small sips of fluid often so you do not get too dry.",
  diarrhea: "Drink a lot of fluids so you do not get too dry.",
  constipation: "Water, fruit, greens and moving more can help you go.",
  "abdominal pain": "Note where it hurts and what makes it better or worse.",
  "back pain": "Most back pain gets better in a few weeks. Gentle moving helps more than bed rest.",
  "neck pain": "Gentle moves and heat can ease a sore neck.",
  "joint pain": "Note which joints hurt and if they are stiff in the morning.",
  "knee pain": "Rest, ice and a good shoe can ease sore knees.",
  "shoulder pain": "Gentle moves keep the shoulder from getting stiff.",
  "hip pain": "Note if it hurts more when you walk, sit or lie on that side.",
  "ankle pain": "Rest, ice and raising your foot can help it heal.",
  "wrist pain": "Rest the wrist and take breaks from tasks that make it hurt.",
  "foot pain": "Good shoes and rest can ease sore feet.",
  "muscle pain": "Rest, warm baths and gentle stretches can help sore muscles.",
  "sore throat": "Warm drinks, cold treats and rest can soothe your throat.",
  "runny nose": "A runny nose often comes with a cold or with allergies.",
  "nasal congestion": "Steam, salt water spray and rest can help you breathe.",
  sneezing: "Sneezing often comes from a cold, dust or pollen.",
  "ear pain": "Ear pain often comes with a cold or a germ in the ear.",
  swelling: "Raise the swollen part when you sit, and note if it gets worse.",
  rash: "Keep the skin clean and dry, and try not to scratch.",
  itching: "Cool cloths and mild soap can calm itchy skin.",
  numbness: "Tell us if it spreads or if you get weak.",
  weakness: "Tell us right away if it comes on all at once.",
  palpitations: "Note when it happens and how long it lasts.",
  insomnia: "Go to bed and get up at the same time each day. Keep screens out of bed.",
  "anxiety symptoms": "Slow breaths and time outside can help calm worry.",
  "low mood": "Talking with people you trust, moving more and sleep can help.",
  "suicidal thoughts": "You are not alone. Talking about it with your care team helps.",
  "weight loss": "We will look for why your weight is going down.",
  "weight gain": "We will look at what may be making your weight go up.",
  "loss of appetite": "Small meals through the day can help you eat enough.",
  heartburn: "Eat smaller meals and do not lie down right after you eat.",
  "painful urination": "Drink a lot of water. It can be a sign of a germ in the bladder.",
  "frequent urination": "Note how often you go, and if you are more thirsty.",
  "blood in urine": "We need to find out where the blood comes from.",
  "blood in stool": "Note if it is bright red or dark, and how often you see it.",
  wheezing: "A whistle when you breathe means your airways are tight.",
  "blurry vision": "Tell us right away if you lose sight in one eye or it comes on fast.",
  fainting: "Sit or lie down as soon as you feel faint.",
  "night sweats": "Note how often they come and if you also have a fever.",
  stiffness: "Gentle moves and warm baths can ease stiff joints.",
  bruising: "Tell us if you bruise with no bump or fall.",
  bleeding: "Press on the spot with a clean cloth to slow it.",
  pain: "Note where it hurts, how bad it is and what makes it better.",
};

/** Conditions: why it matters and what to do, after the lexicon's definition of what it is. */
export const CONDITION_GUIDE: Record<string, string> = {
  hypertension: "Over time it can hurt your heart and kidneys. Less salt, moving more and your pills help.",
  hypotension: "Stand up slowly, and drink enough fluids.",
  diabetes: "Food, moving more and your medicines keep your sugar in a safe range.",
  hyperglycemia: "Your care team can check if it is diabetes.",
  hyperlipidemia: "Too much fat in the blood can block blood flow. Food, moving more and pills help.",
  "congestive heart failure": "Weigh yourself each day, and watch your salt.",
  "fluid retention": "Eat less salt, and tell us if your weight goes up fast.",
  "coronary artery disease": "Your pills, moving more and not smoking help keep your heart safe.",
  "atrial fibrillation": "It can lead to a blood clot, so take your pills the way we said.",
  stroke: "Your pills and a good blood pressure help keep it from happening again.",
  "transient ischemic attack": "It is a warning sign: it can come before a stroke, so it needs checks soon.",
  asthma: "Keep your rescue inhaler with you, and stay away from things that set it off.",
  copd: "Not smoking and using your inhalers help you breathe.",
  pneumonia: "Rest and drink fluids. You should feel better in a week or two.",
  bronchitis: "The cough can last a few weeks, but it gets better.",
  "upper respiratory infection": "It is a cold. Rest and fluids help, and it goes away in about a week.",
  sinusitis: "Salt water rinses and steam can help. Most get better in a week or two.",
  influenza: "Rest, drink fluids and stay home so others do not get sick.",
  "covid-19": "Rest, drink fluids and stay away from others while you are sick.",
  "strep throat": "Take every dose of the medicine, even once your throat feels better.",
  "otitis media": "Most ear germs clear up in a few days.",
  "urinary tract infection": "Drink a lot of water, and take every dose of your medicine.",
  "kidney stones": "Drink a lot of water so new stones do not form.",
  "chronic kidney disease": "Good blood pressure and sugar help keep your kidneys working.",
  gerd: "Smaller meals and not eating late can help.",
  hypothyroidism: "A pill each day gives your body the thyroid hormone it needs.",
  hyperthyroidism: "Medicine can bring your thyroid back to normal.",
  osteoarthritis: "Moving, a good weight and pain pills can keep you active.",
  bunion: "Wide shoes with room for your toes can ease the pain.",
  aneurysm: "A sudden, very bad headache or chest or back pain needs help right away.",
  mesothelioma: "Tell us if you get short of breath or have chest pain.",
  "amyotrophic lateral sclerosis": "A care team helps with moving, eating and breathing.",
  amblyopia: "Eye checks, glasses or a patch can help it see better.",
  kyphosis: "Exercise and good posture can help. Tell us if your back hurts more.",
  "rheumatoid arthritis": "Medicines can calm it and keep joints from harm.",
  osteoporosis: "Weak bones break with less force. Calcium, walks and your pills help.",
  gout: "Water, less red meat and less alcohol can help stop flares.",
  depression: "It is common, and it can get better with talk, care and medicine.",
  anxiety: "Talking with someone and some medicines can help.",
  migraine: "Rest in a dark, quiet room, and note what sets them off.",
  obesity: "Small changes to food and moving more can make a big change over time.",
  anemia: "It can make you tired. Iron or other care may help.",
  "sleep apnea": "A breathing machine at night can help you sleep and feel rested.",
  "allergic rhinitis": "Allergy pills or sprays can help, and so can staying away from pollen.",
  eczema: "Thick cream each day and mild soap help keep skin calm.",
  psoriasis: "Creams and other care can calm the red patches.",
  "lyme disease": "Take every dose of the medicine, even when you feel better.",
  cellulitis: "Draw a line at the edge of the red skin, and tell us if it spreads past it.",
  sprain: "Rest, ice, wrap and raise it for the first few days.",
  fracture: "The bone needs time to heal, often six weeks or more.",
  tendinitis: "Rest, ice and gentle stretches help it heal.",
  "carpal tunnel syndrome": "A wrist brace at night and breaks from typing can help.",
  sciatica: "Gentle moving helps more than bed rest. Most get better in a few weeks.",
  radiculopathy: "Gentle moving and good posture help. Tell us if a hand or leg gets weak.",
  "herniated disc": "Most get better in a few weeks with moving, care and time.",
  "meniscus tear": "Rest, ice and care to make the leg strong can help it heal.",
  "rotator cuff tear": "Care to make the shoulder strong can help you use it again.",
  "rotator cuff tendinopathy": "Rest and care to make the shoulder strong can help it heal.",
  "rotator cuff injury": "Rest helps it heal, and exercises make the shoulder strong again.",
  concussion: "Rest your body and your brain for a few days.",
  cancer: "Your care team will talk with you about each step.",
  hepatitis: "Do not drink alcohol, so your liver can heal.",
  "irritable bowel syndrome": "Note which foods make it worse. Fiber and calm can help.",
  diverticulitis: "Rest your gut with soft food until you feel better.",
  "benign prostatic hyperplasia": "Medicine can make it easier to pee.",
  lupus: "Care from an expert and sun cover help keep it calm.",
  "multiple sclerosis": "Medicines and care from an expert can slow it down.",
  "seizure disorder": "Take your pills each day so you do not have a seizure.",
  dementia: "Routines, notes and help from family make each day easier.",
  "deep vein thrombosis": "Blood thinners keep the clot from growing or moving.",
  "peripheral neuropathy": "Check your feet each day for cuts you may not feel.",
  hernia: "Do not lift heavy things until we say it is safe.",
  "heart murmur": "Many are harmless. A heart scan can tell us more.",
  "mitral regurgitation": "We may check it with a heart scan from time to time.",
  "aortic stenosis": "Tell us if you feel faint or short of breath when you are active.",
  "substance use": "Help is there when you are ready, and it works.",
};

/** Tests: what happens next (the lexicon defines what each test is). */
export const TEST_NEXT: Record<string, string> = {
  "x-ray": "It takes a few minutes and does not hurt.",
  mri: "You lie still in a big tube for a while. It is loud but does not hurt.",
  "ct scan": "You lie on a table that slides through a ring. It takes a few minutes.",
  ultrasound: "A wand with gel slides on your skin. It does not hurt.",
  echocardiogram: "A wand with gel slides on your chest to show your heart.",
  ekg: "Small pads on your chest pick up your heartbeat. It takes a few minutes.",
  "stress test": "You walk on a belt while we watch your heart.",
  "holter monitor": "You wear a small box on your chest for a day or more.",
  "blood work": "A small tube of blood is drawn from your arm.",
  "complete blood count": "A small tube of blood is drawn from your arm.",
  "metabolic panel": "A small tube of blood is drawn from your arm.",
  "lipid panel": "You may need to skip food for a few hours before it.",
  "hemoglobin a1c": "A small tube of blood is drawn from your arm.",
  "lyme test": "A small tube of blood is drawn from your arm.",
  "psa test": "A small tube of blood is drawn from your arm.",
  "thyroid test": "A small tube of blood is drawn from your arm.",
  urinalysis: "You pee into a small cup.",
  "strep test": "We swab the back of your throat.",
  "covid test": "We swab the inside of your nose.",
  biopsy: "A small piece is taken out and looked at closely.",
  colonoscopy: "You clean out your gut the day before, and you sleep during it.",
  endoscopy: "You sleep while a thin tube looks at your gut.",
  mammogram: "The breast is pressed for a few seconds while a picture is taken.",
  "pap smear": "A quick swab is taken during a pelvic exam.",
  "bone density scan": "You lie still on a table for a few minutes. It does not hurt.",
  "pulmonary function test": "You blow hard into a tube a few times.",
  "sleep study": "You sleep with small pads on you so we can see how you breathe.",
  "nerve conduction study": "Small pads send mild zaps to check your nerves.",
  "cardiac catheterization": "A thin tube goes to your heart through a blood vessel.",
  culture: "We check a sample to see which germ grows.",
};

/** Referrals: who the patient will see, in plain words. */
export const REFERRAL_WHO: Record<string, string> = {
  cardiology: "a heart doctor",
  "physical therapy": "a physical therapist, who helps you move and get strong",
  orthopedics: "a bone and joint doctor",
  dermatology: "a skin doctor",
  neurology: "a brain and nerve doctor",
  "stroke clinic": "the stroke clinic, which checks for a stroke within a few days",
  gastroenterology: "a gut doctor",
  endocrinology: "a doctor for hormones and diabetes",
  pulmonology: "a lung doctor",
  nephrology: "a kidney doctor",
  urology: "a doctor for the bladder and kidneys",
  rheumatology: "a doctor for joints and the immune system",
  psychiatry: "a doctor for mental health",
  counseling: "a counselor you can talk with",
  "obstetrics and gynecology": "a women's health doctor",
  ent: "an ear, nose and throat doctor",
  ophthalmology: "an eye doctor",
  surgery: "a surgeon",
  oncology: "a cancer doctor",
  podiatry: "a foot doctor",
  nutrition: "a food and diet expert",
  "allergy specialist": "an allergy doctor",
  "sports medicine": "a sports doctor",
  "pain management": "a pain doctor",
  "cardiac rehabilitation": "a heart exercise program",
  hematology: "a blood doctor",
  hepatology: "a liver doctor",
  "infectious disease": "an infection doctor",
  neurosurgery: "a brain and spine surgeon",
  "vascular surgery": "a blood vessel surgeon",
  "occupational therapy": "a therapist who helps with daily tasks",
  "speech therapy": "a speech and swallow therapist",
  "sleep medicine": "a sleep doctor",
  "wound care": "a wound clinic",
};

/**
 * One tip per kind of medicine, in proportion to its risk: a warning about swelling and
 * breathing belongs to a new medicine or a known allergy (added there), not to every pill.
 */
export const MEDICINE_TIP: Record<string, string> = {
  nsaid: "Take it with food.",
  opioid: "It can make you sleepy, so do not drive after you take it.",
  antibiotic: "Take every dose, even when you feel better.",
  blood_thinner: "Tell us if you bleed more than usual.",
  insulin: "Check your sugar as we showed you.",
  diabetes: "Eat regular meals while you take it.",
  diuretic: "You will pee more, so take it in the morning.",
  sleep: "Take it just before bed.",
  anxiety: "It can make you sleepy, so do not drive after you take it.",
  steroid: "Take it with food, in the morning.",
  inhaler: "Keep it with you.",
  migraine: "Take it when a headache starts.",
  muscle: "It can make you sleepy.",
};

/** Advice that only fits an arm or a leg: wrap it, raise it, a shoe, a splint. */
const LIMB_ADVICE = /\b(?:raise|raising|wrap|shoes?|splint|sling|foot|feet|leg)\b/i;
/** A place on the trunk or head said with the problem: "low back strain", "strained my neck". */
const TRUNK_SITE =
  /\b(?:(?:lower |upper |low |mid )?back|lumbar|thoracic|neck|cervical|spine|chest(?: wall)?|ribs?|abdomen|abdominal|groin|hip)\b/i;
/** "come back", "back to work", "get back to you": no back. */
const NOT_A_SITE =
  /\b(?:come|coming|came|go|going|went|get|getting|got|call|calling|call you|set|sets|bounce|bouncing|bring|put|cut|hold|holding|way|fall|falling|look|looking|check) back\b|\bback (?:to|in|into|on|home|then|when|and forth|up)\b|\bget you back\b/gi;
const SITE_PAIN: Record<string, string> = {
  back: "back pain",
  lumbar: "back pain",
  thoracic: "back pain",
  spine: "back pain",
  neck: "neck pain",
  cervical: "neck pain",
  hip: "hip pain",
};

/**
 * The guide for a condition where it is on the body: a sprain's "wrap and raise it" is for an ankle
 * or a wrist, not a back strain. When the condition was said of the trunk (its finding's text or
 * the words it was said in) and its guide's advice is for a limb, the guide of pain at that place
 * answers instead ("back pain"), or none. `symptomGuide` is the language's own.
 */
export function conditionGuideAt(
  term: string,
  said: string,
  conditionGuide: (term: string) => string | undefined,
  symptomGuide: (term: string) => string | undefined,
): string | undefined {
  const guide = conditionGuide(term);
  const english = CONDITION_GUIDE[term] ?? "";
  const site = TRUNK_SITE.exec(said.replace(NOT_A_SITE, " "))?.[0].toLowerCase();
  if (!guide || !site || !LIMB_ADVICE.test(english)) return guide;
  const pain = SITE_PAIN[site.replace(/^(?:lower|upper|low|mid) /, "")];
  return pain ? symptomGuide(pain) : undefined;
}
