import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { followUpOf, isTestOrdered } from "./plan.extract.js";
import { composeSummary, summarySections, summaryText } from "./summary.compose.js";

let n = 0;
function t(...turns: [Transcript[number]["speaker"], string][]): Transcript {
  return turns.map(([speaker, text]) => ({ id: `p${++n}`, speaker, text }));
}
const texts = (fs: Finding[], kind: Finding["kind"]): string[] =>
  fs.filter((f) => f.kind === kind).map((f) => f.text);
const at = (text: string, word: string) => {
  const start = text.indexOf(word);
  return { start, end: start + word.length };
};

describe("plan: ordered versus already done", () => {
  it("reads tense and who did it", () => {
    const cases: [string, string, boolean][] = [
      ["let's look at your x-ray .", "x-ray", false],
      // A test read beside one ordered: the x-ray was reviewed, the mri is new.
      [
        "i'm gon na be ordering an mri to assess the ligaments now based on your exam and from what i'm seeing on your x-ray you need surgery",
        "x-ray",
        false,
      ],
      [
        "i'm gon na be ordering an mri to assess the ligaments now based on your exam and from what i'm seeing on your x-ray you need surgery",
        "mri",
        true,
      ],
      ["i do wan na get a recheck on your hemoglobin a1c .", "hemoglobin a1c", true],
      ["we ordered some labs on you before you came in .", "labs", false],
      ["your echocardiogram showed a normal ejection fraction .", "echocardiogram", false],
      ["i'm gon na go ahead and order an mri of your knee .", "mri", true],
      ["we will get a repeat hemoglobin a1c in three months .", "hemoglobin a1c", true],
      ["i reviewed the labs and i want to order another cbc .", "cbc", true],
      [
        "i want to order some tests first to rule out a cause for this so first order will be a renal artery ultrasound",
        "ultrasound",
        true,
      ],
      [
        "looking at your ct scan it looks like stage three , based on that i want to start by sending off some blood tests",
        "blood tests",
        true,
      ],
    ];
    for (const [text, word, ordered] of cases)
      expect([text, isTestOrdered(text, at(text, word))]).toEqual([text, ordered]);
  });

  it("orders no test already reviewed in the visit, and keeps the one ordered", () => {
    const fs = extractFindings(
      t(
        ["clinician", "okay , so let's look at your x-ray ."],
        ["clinician", "the x-ray shows a fracture of the middle finger ."],
        ["clinician", "i know we ordered some labs on you before you came in ."],
        ["clinician", "i'm gon na go ahead and order an mri of your hand ."],
      ),
    );
    expect(texts(fs, "plan")).toEqual(["Order mri"]);
  });

  it("reads an order cut off mid-word by a pause ('order an mri-')", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "i do n't think that anything else is going on , but i wan na go ahead and order an mri-",
      ]),
    );
    expect(texts(fs, "plan")).toEqual(["Order mri"]);
  });

  it("keeps a past surgery out of the plan", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "and i think from a cataract surgery standpoint , everything seems fine , we'll continue to watch it .",
      ]),
    );
    expect(texts(fs, "plan")).toEqual([]);
  });
});

describe("plan: follow-up as said", () => {
  it("reads 'why don't we have you come back' as a follow-up, and a recheck without an interval as none", () => {
    expect(followUpOf("why do n't we have you come back in about two weeks")?.when).toBe(
      "in about two weeks",
    );
    expect(followUpOf("why don't we have you come back in about two weeks")?.when).toBe("in about two weeks");
    expect(followUpOf("i do wan na get a recheck on your hemoglobin a1c")).toBeUndefined();
    expect(followUpOf("we'll repeat levels of everything before next visit")).toBeUndefined();
    expect(followUpOf("check in with them once a week")).toBeUndefined();
    expect(followUpOf("i'll recheck you in three months")?.when).toBe("in three months");
    expect(
      followUpOf("it is important that you continue to follow up with your dermatologist regularly"),
    ).toBeUndefined();
    expect(followUpOf("please follow up with the clinic in two weeks")?.when).toBe("in two weeks");
  });

  it("takes the interval nearest the follow-up, said with 'for' too", () => {
    expect(
      followUpOf("we will get a repeat a1c in three months and i'll see you back in six months")?.when,
    ).toBe("in six months");
    const fs = extractFindings(
      t([
        "clinician",
        "so remember when you check out at the front desk , schedule a follow-up appointment with me for four weeks .",
      ]),
    );
    expect(fs.filter((f) => f.kind === "follow_up").map((f) => f.details.when)).toEqual(["for four weeks"]);
  });

  it("reads no next visit from the reason for this one or from an exam instruction", () => {
    const fs = extractFindings(
      t(
        ["clinician", "louis is a 58-year-old male here for follow up from an emergency room visit ."],
        ["clinician", "go ahead and bend forward and then come back up ."],
      ),
    );
    expect(texts(fs, "follow_up")).toEqual([]);
  });

  it("says the follow-up once, with its time, when the time is said in another sentence", () => {
    const fs = extractFindings(
      t(["clinician", "we'll follow up on all of this ."], ["clinician", "i'll see you back in two weeks ."]),
    );
    expect(texts(fs, "follow_up")).toEqual(["Follow up in two weeks"]);
  });
});

describe("plan: dictation and asks for news", () => {
  it("reads 'order the medications and the procedures' as no surgery", () => {
    const fs = extractFindings(t(["clinician", "hey dragon , order the medications and the procedures ."]));
    expect(texts(fs, "plan")).toEqual([]);
  });

  it("reads 'let me know if you have any pain' as no emergency sign", () => {
    const fs = extractFindings(
      t(
        ["clinician", "let me know if you have any pain ."],
        ["clinician", "if you get chest pain or trouble breathing , go to the emergency room ."],
      ),
    );
    expect(texts(fs, "warning_sign")).toEqual(["Seek care now if: chest pain or trouble breathing"]);
  });

  it("keeps each order of a list and each thing given for an injury, and no plan from a reading", () => {
    const fs = extractFindings(
      t(
        [
          "clinician",
          "i will also be ordering a cat scan of your lungs which will help confirm the diagnosis as well a pulmonary function test to assess how severe it is",
        ],
        ["clinician", "i wan na go ahead and just order some routine labs i wan na get a psa"],
        [
          "clinician",
          "keep your leg elevated when you're seated , you're gon na be given an air cast , and i'm also going to prescribe some crutches",
        ],
        ["clinician", "your blood pressure today is elevated , so we will recheck it ."],
      ),
    );
    expect(texts(fs, "plan")).toEqual([
      "Order ct scan",
      "Order pulmonary function test",
      "Order blood work",
      "Order psa test",
      "Elevation",
      "Cast",
      "Crutches",
    ]);
  });

  it("reads the next visit past a denial said earlier in a dictated turn, not past one beside it", () => {
    expect(
      followUpOf(
        "an ultrasound just to be sure we're not missing anything and then for your kidney disease i wan na get some more labs and then i'll see you again in three months",
      )?.when,
    ).toBe("in three months");
    expect(followUpOf("you do n't need to come back in three months")).toBeUndefined();
  });
});

describe("plan: care at home the clinician tells the patient to do", () => {
  const home = (fs: Finding[]) =>
    fs.filter((f) => f.kind === "plan" && f.details.category === "treatment").map((f) => f.term);

  it("records salt, a daily weight and home blood pressures said as instructions", () => {
    const fs = extractFindings(
      t(
        ["clinician", "so your ankles are a bit swollen today , probably from the fluid ."],
        ["clinician", "i really want you to cut back on the salt , okay ?"],
        ["clinician", "and get a scale , weigh yourself every morning ."],
        ["clinician", "i'd also like you to check your blood pressure at home and write those down for me ."],
      ),
    );
    expect(home(fs)).toEqual(["low-salt diet", "daily weight", "home blood pressure checks"]);
    const doc = composeSummary(fs);
    expect(doc.inShort.todo).toEqual(
      expect.arrayContaining([
        "Eat less salt.",
        "Weigh yourself each day and write it down.",
        "Check your blood pressure at home and write it down.",
      ]),
    );
  });

  it("records nothing from a question, a recap or an exam move", () => {
    const fs = extractFindings(
      t(
        ["clinician", "how are you doing with watching your salt ?"],
        ["patient", "pretty good , i stopped using the salt shaker ."],
        ["clinician", "and you've been checking your blood pressures at home , it sounds like ."],
        ["clinician", "okay , go ahead and keep it up , do n't let me push it down ."],
        ["clinician", "so ice and rest makes it feel better , is that correct"],
      ),
    );
    expect(home(fs)).toEqual([]);
  });

  it("names the device given: crutches are not a sling", () => {
    const fs = extractFindings(
      t(
        [
          "clinician",
          "i'm gon na give you crutches and i want you to keep your foot elevated when you're sitting to help the swelling .",
        ],
        ["clinician", "you should push fluids and strain your urine until the stone passes ."],
      ),
    );
    expect(new Set(home(fs))).toEqual(new Set(["elevation", "crutches", "fluids", "strain urine"]));
    const todo = composeSummary(fs).inShort.todo.join(" ");
    expect(todo).not.toMatch(/sling/i);
  });
});

describe("plan: orders that wait on a condition or that the patient turns down", () => {
  const plansOf = (fs: Finding[]) => texts(fs, "plan");

  it("marks an order said as a later possibility, and keeps one said with its purpose or out of courtesy", () => {
    const fs = extractFindings(
      t(
        [
          "clinician",
          "if you're still having pain in two weeks , i'll go ahead and order an mri of your knee .",
        ],
        [
          "clinician",
          "and if it does n't settle down we'll talk about possibly a referral to physical therapy .",
        ],
        [
          "clinician",
          "the other option is just to continue to monitor for any more symptoms , at which point we could do the colonoscopy .",
        ],
      ),
    );
    expect(plansOf(fs)).toEqual([
      "If needed later: order mri",
      "If needed later: refer to physical therapy",
      "If needed later: order colonoscopy",
    ]);
    const doc = composeSummary(fs);
    expect(doc.inShort.todo.join(" ")).not.toMatch(/MRI|therapy/i);
    expect(doc.testsAndReferrals.map((e) => e.text).join(" ")).toMatch(/You may need .*MRI.* later/i);

    const firm = extractFindings(
      t(
        [
          "clinician",
          "i'm gon na order an mri of your knee just to see if there's any damage to the ligaments .",
        ],
        ["clinician", "if it's okay with you , i'd like to get an x-ray of your wrist today ."],
        [
          "clinician",
          "i want to rule out if there's a blockage so first order will be an ultrasound of your kidneys .",
        ],
      ),
    );
    expect(plansOf(firm)).toEqual(["Order mri", "Order x-ray", "Order ultrasound"]);
  });

  it("a firm order later in the visit wins over the possibility said first", () => {
    const fs = extractFindings(
      t(
        ["clinician", "if the swelling does n't go down we might need an mri ."],
        ["patient", "it's been like this for a month though ."],
        ["clinician", "you're right , let's go ahead and order the mri today ."],
      ),
    );
    expect(plansOf(fs)).toEqual(["Order mri"]);
  });

  it("marks an order the patient declines, and tells the patient nothing to do about it", () => {
    const fs = extractFindings(
      t(
        ["clinician", "you're fifty now , so i'd like you to get a colonoscopy ."],
        ["patient", "honestly i'd rather not do that right now ."],
        ["clinician", "okay , we can talk about it again at your next visit ."],
      ),
    );
    expect(plansOf(fs)).toEqual(["Patient declined: order colonoscopy"]);
    const doc = composeSummary(fs);
    expect(summaryText(summarySections(doc))).not.toMatch(/colonoscopy/i);
  });

  it("keeps the order when the patient agrees, or answers another question", () => {
    const agreed = extractFindings(
      t(["clinician", "i'd like you to get a colonoscopy ."], ["patient", "okay , that sounds good ."]),
    );
    expect(plansOf(agreed)).toEqual(["Order colonoscopy"]);
    const asked = extractFindings(
      t(
        ["clinician", "i'm gon na order a chest x-ray . do you have any questions for me ?"],
        ["patient", "no , not right now ."],
      ),
    );
    expect(plansOf(asked)).toEqual(["Order x-ray"]);
  });
});

describe("plan: when a test is to be done, and what comes first in the to-do list", () => {
  it("keeps the time said with each test, and tells the patient", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "you'll need to get labs next week , and then we're gon na repeat your echocardiogram in about two months .",
      ]),
    );
    const tests = fs.filter((f) => f.kind === "plan" && f.details.category === "test");
    expect(tests.map((f) => [f.term, f.details.when])).toEqual([
      ["blood work", "next week"],
      ["echocardiogram", "in about two months"],
    ]);
    expect(composeSummary(fs).inShort.todo.join(" ")).toMatch(/next week\./);
  });

  it("puts care at home before medicines to go on with as before, and never 'try surgery'", () => {
    const fs = extractFindings(
      t(
        ["clinician", "what medicines are you on ?"],
        ["patient", "i take lisinopril , metformin , atorvastatin and omeprazole every day ."],
        ["clinician", "okay , continue the lisinopril , metformin , atorvastatin and omeprazole ."],
        ["clinician", "i want you to push fluids and strain your urine ."],
        [
          "clinician",
          "if it does n't pass we may talk about surgery , but i'm going to give you some surgery options now .",
        ],
      ),
    );
    const todo = composeSummary(fs).inShort.todo;
    expect(todo).toEqual(
      expect.arrayContaining(["Drink a lot of water.", "Pee through the strainer to catch any stone."]),
    );
    expect(todo.join(" ")).not.toMatch(/try surgery/i);
  });
});

describe("plan: what to eat and drink", () => {
  it("names only the foods and drinks said, and reads 'decrease alcohol' and 'chew slowly'", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "i encourage you to decrease alcohol and cut down on your caffeine , and i want you to eat slowly and chew your food well .",
      ]),
    );
    expect(texts(fs, "plan")).toEqual([
      "Avoid alcohol, cut down on drinking",
      "Avoid the foods and drinks said to make it worse: caffeine",
      "Eat slowly and chew the food thoroughly",
    ]);
  });
});

describe("plan: food advice said twice", () => {
  it("reads every saying in one long dictated sentence", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "i encourage you to decrease your caffeine i know that's hard with the move but i also want you to avoid citrus foods and spicy foods until your symptoms have improved",
      ]),
    );
    expect(texts(fs, "plan")).toEqual([
      "Avoid the foods and drinks said to make it worse: caffeine",
      "Avoid the foods and drinks said to make it worse: citrus, spicy",
    ]);
  });

  it("keeps each saying of which foods to avoid, and tells the patient once", () => {
    const fs = extractFindings(
      t(
        ["clinician", "i'd like you to cut down on your caffeine ."],
        ["clinician", "i also want you to avoid citrus foods and spicy foods until this settles down ."],
      ),
    );
    expect(texts(fs, "plan")).toEqual([
      "Avoid the foods and drinks said to make it worse: caffeine",
      "Avoid the foods and drinks said to make it worse: citrus, spicy",
    ]);
    const todo = composeSummary(fs).inShort.todo;
    expect(todo.filter((x) => /Stay away from the foods/.test(x))).toHaveLength(1);
  });
});

describe("plan: a surgery the clinician recommends reaches the patient", () => {
  it("tells the patient surgery is next, beside the follow-up, and not for a surgery only possible", () => {
    const fs = extractFindings(
      t(
        [
          "clinician",
          "so looking at your x-ray , the bone in your wrist is broken and it's out of place . i'm going to recommend surgery to put it back with a plate , and we'd like to do that as soon as possible .",
        ],
        ["patient", "okay , yeah , let's get it done ."],
        ["clinician", "great , and i'll see you back in a month after that ."],
      ),
    );
    const todo = composeSummary(fs).inShort.todo;
    expect(todo[0]).toBe("Your next step is surgery, as we talked about.");
    expect(todo.join(" ")).toMatch(/in a month/);

    const maybe = extractFindings(
      t(
        [
          "clinician",
          "the x-ray looks okay , so we'll put you in a splint . if it does n't heal well we may need to discuss surgery down the road .",
        ],
        [
          "clinician",
          "i had the nurse ask about your surgery history , you had your gallbladder out before surgery on your knee ?",
        ],
      ),
    );
    expect(composeSummary(maybe).inShort.todo.join(" ")).not.toMatch(/surgery/i);
  });
});

describe("plan: an order the clinician puts on hold", () => {
  const plansOf = (fs: Finding[]) => texts(fs, "plan").filter((x) => /mri|echocardiogram/i.test(x));

  it("marks an order held off later in the visit, and tells the patient nothing to get", () => {
    const fs = extractFindings(
      t(
        ["clinician", "i'd like to order an mri of your lower back to see what's going on ."],
        ["patient", "um , can we just try the exercises first and see ?"],
        [
          "clinician",
          "sure , that's reasonable . let's hold off on the mri for now and watch your symptoms .",
        ],
      ),
    );
    expect(plansOf(fs)).toEqual(["On hold: order mri"]);
    expect(summaryText(summarySections(composeSummary(fs)))).not.toMatch(/MRI/i);

    const bare = extractFindings(
      t(
        ["clinician", "i think we should get an echocardiogram of your heart ."],
        ["patient", "do i really need that ? i feel fine ."],
        ["clinician", "okay , we can hold off and just watch how you do ."],
      ),
    );
    expect(plansOf(bare)).toEqual(["On hold: order echocardiogram"]);
  });

  it("keeps the order when the hold waits on a condition or answers something else", () => {
    const conditional = extractFindings(
      t(
        ["clinician", "i'd like to order an mri of your lower back ."],
        ["patient", "okay ."],
        ["clinician", "if the x-ray is normal , we can hold off on the mri ."],
      ),
    );
    expect(plansOf(conditional)).toEqual(["Order mri"]);
    const later = extractFindings(
      t(
        ["clinician", "i'd like to order an mri of your lower back ."],
        ["patient", "okay ."],
        ["clinician", "and your blood pressure looks good today ."],
        ["patient", "great ."],
        ["clinician", "we can hold off and watch it ."],
      ),
    );
    expect(plansOf(later)).toEqual(["Order mri"]);
  });
});

describe("plan: a therapist who is not a counselor", () => {
  it("does not refer to counseling for a hand therapist or genetic counseling, and still does for a counselor", () => {
    const refs = (text: string) =>
      texts(extractFindings(t(["clinician", text])), "plan").filter((x) => /counsel/i.test(x));
    expect(refs("okay , i want you to follow up with our hand therapist in one to two weeks .")).toEqual([]);
    expect(
      refs("i want you to undergo genetic counseling and testing to see if it runs in the family ."),
    ).toEqual([]);
    expect(refs("i'd like to refer you to a counselor to talk through some of this stress .")).toEqual([
      "Refer to counseling",
    ]);
  });
});

describe("physical therapy planned after surgery is a referral, not exercise advice (session 15)", () => {
  const planOf = (text: string): string[] =>
    extractFindings([{ id: "pt1", speaker: "clinician", text }])
      .filter((f) => f.kind === "plan")
      .map((f) => f.text);
  it.each([
    "after the surgery you'll need to do formal physical therapy for about six weeks to get your strength back .",
    "so the plan is surgery to fix the fracture , and then we'll get you set up with physical therapy afterwards .",
    "once the cast is off you will start physical therapy twice a week .",
  ])("%s", (text) => {
    const plans = planOf(text);
    expect(plans).toContain("Refer to physical therapy");
    expect(plans).not.toContain("Refer to surgery");
    expect(plans.join(" ")).not.toMatch(/exercise/i);
  });

  it("a therapy only talked about is not ordered", () => {
    expect(planOf("some people do physical therapy for this , but you don't need it .")).not.toContain(
      "Refer to physical therapy",
    );
  });
});

describe("plan: referrals the lexicon did not know (training dialogues, audit)", () => {
  it.each([
    [
      "and i'm also going to refer you to cardiac rehab so for you to get some education about your heart",
      "Refer to cardiac rehabilitation",
    ],
    ["i'm going to send you to a hematologist to look at the low platelets .", "Refer to hematology"],
    ["we'll get you in with the sleep clinic for a sleep study consult .", "Refer to sleep medicine"],
    ["i'd like you to see a speech therapist for the swallowing .", "Refer to speech therapy"],
  ])("%s", (text, want) => {
    expect(texts(extractFindings(t(["clinician", text])), "plan")).toContain(want);
  });

  it("a referral only talked about is not ordered", () => {
    expect(
      texts(extractFindings(t(["patient", "my sister had to see a hematologist years ago ."])), "plan"),
    ).not.toContain("Refer to hematology");
  });
});

describe("plan: an attempt made now is no condition (audit: an orthopedic visit told as 'later if things do not get better')", () => {
  it("reads 'let me see if we can schedule you to see an orthopedist' as the referral, now", () => {
    const plans = texts(
      extractFindings(
        t([
          "clinician",
          "Let me see what I can do for the pain and if we can schedule you to see an orthopedist.",
        ]),
      ),
      "plan",
    );
    expect(plans).toContain("Refer to orthopedics");
  });

  it("still reads a referral on a condition as one for later, without a condition it never said", () => {
    const tr = t([
      "clinician",
      "if it does n't get better in two weeks , we'll refer you to an orthopedist .",
    ]);
    expect(texts(extractFindings(tr), "plan")).toContain("If needed later: refer to orthopedics");
  });
});

describe("plan: physical therapy after surgery in a dictation without stops (audit D2N077)", () => {
  const plansOf = (text: string) => texts(extractFindings(t(["clinician", text])), "plan");

  it("refers to physical therapy, and the operation is no referral to a surgeon", () => {
    const plans = plansOf(
      "i think the best course of action is gon na be for surgery we will in the meantime give you pain medication and then i also wan na get you on get you into physical therapy a few weeks after surgery this is gon na be just a normal procedure",
    );
    expect(plans).toContain("Refer to physical therapy");
    expect(plans).not.toContain("Refer to surgery");
    expect(
      plansOf(
        "and then you'll be bracing it for six weeks in the meantime you'll also then go to physical therapy i want you there like three times a week",
      ),
    ).toContain("Refer to physical therapy");
  });

  it("still refers to surgery said as the clinic", () => {
    expect(plansOf("i am going to refer you to general surgery for the gallbladder")).toContain(
      "Refer to surgery",
    );
  });
});

describe("plan: the scribe's 'gon na' and 'wan na' say a plan as 'going to' does", () => {
  it("orders what 'we're gon na do' today", () => {
    expect(
      texts(extractFindings(t(["clinician", "so we're gon na do an x-ray of the knee today ."])), "plan"),
    ).toContain("Order x-ray");
  });

  it("keeps the order said in full when the first mention said less", () => {
    const plans = texts(
      extractFindings(
        t(
          [
            "clinician",
            "we're gon na go ahead and treat you with amoxicillin , 500 milligrams , three times a day .",
          ],
          ["clinician", "hey dragon , order amoxicillin , 500 milligrams , three times a day for 10 days ."],
        ),
      ),
      "plan",
    );
    expect(plans).toContain("Start amoxicillin, 500 milligrams, three times a day, for 10 days");
  });
});
