// The history taken by question and answer, charted from both (note.history.ts).
import { describe, expect, it } from "vitest";
import { noteOf, visit } from "../../test/dialogue.js";

describe("family history", () => {
  it("charts 'not that I know of' and 'a pretty healthy family' as no known family history", () => {
    for (const answer of ["P: Not that I know of.", "P: No, we're a pretty healthy family."])
      expect(
        noteOf(visit(["D: Any health issues on your mom or dad's side?", answer]))("family_history"),
      ).toEqual(["No known family history of illness."]);
  });

  it("reads the answer to a question the patient asked to have clarified", () => {
    const family = noteOf(
      visit([
        "D: Do you know any familiar diseases in your family?",
        "P: Do you mean like B P, high sugar?",
        "D: Yes.",
        "P: No, no one in my family has anything like that.",
      ]),
    )("family_history");
    expect(family).toEqual(["No known family history of illness."]);
  });

  it("charts a family history not known, and why when the patient was adopted", () => {
    expect(
      noteOf(
        visit([
          "D: What is your family medical history?",
          "P: I was adopted. I don't know my family medical history.",
        ]),
      )("family_history"),
    ).toEqual(["Adopted; family history unknown."]);
  });

  it("says nothing of the family's health from an answer about something else", () => {
    expect(noteOf(visit(["D: Is your father still working?", "P: No."]))("family_history")).toEqual([]);
    expect(
      noteOf(visit(["D: Did you have any family living with you at the time?", "P: Nope. I live alone."]))(
        "family_history",
      ),
    ).toEqual([]);
  });

  it("denies only the illness asked about, not a cause of death", () => {
    const family = noteOf(
      visit([
        "D: Did your dad pass from colon cancer?",
        "P: No. They caught it early. He passed away from old age. My mom passed away from a stroke.",
      ]),
    )("family_history");
    expect(family.join(" ")).not.toMatch(/No family history/);
  });
});

describe("answers filed by what was asked", () => {
  it("files 'Are you allergic to any meds?' 'No.' under allergies, not medications", () => {
    const section = noteOf(visit(["D: Are you allergic to any meds?", "P: No, I am not."]));
    expect(section("medications")).toEqual([]);
    expect(section("allergies")).toEqual(["No known allergies."]);
  });
});

describe("family history: who had it", () => {
  it("gives an illness to the relative asked about when the answer says 'he' or 'she'", () => {
    const family = noteOf(
      visit([
        "D: How's your dad doing?",
        "P: Well, doctor, he passed away. He had mesothelioma.",
        "D: I'm so sorry to hear that. How is your mother?",
        "P: It's okay, thank you. I lost her too. She had A L S.",
      ]),
    )("family_history");
    expect(family).toEqual([
      "Family history of mesothelioma (father).",
      "Family history of amyotrophic lateral sclerosis (mother).",
    ]);
  });

  it("charts an illness once per relative", () => {
    const family = noteOf(
      visit([
        "D: Any medical problems on your mom or dad's side?",
        "P: My dad has lupus.",
        "D: Is your dad being treated for lupus?",
        "P: Yes, he is.",
      ]),
    )("family_history");
    expect(family).toEqual(["Family history of lupus (father)."]);
  });
});

describe("social history", () => {
  it("charts school, a care home, the household, a new marriage and sick contacts", () => {
    const social = (lines: string[]) => noteOf(visit(lines))("social_history");
    expect(social(["D: Are you working or in school?", "P: I am in school."])).toEqual(["Student."]);
    expect(social(["D: Where do you live?", "P: I live at an old age nursing home."])).toEqual([
      "Lives in a nursing home.",
    ]);
    expect(social(["D: Is there anyone at home?", "P: My wife lives at home with me."])).toEqual([
      "Lives with wife.",
    ]);
    expect(social(["D: Do you live alone?", "P: No, I live with three other roommates."])).toEqual([
      "Lives with three other roommates.",
    ]);
    expect(social(["D: So you two live together now?", "P: Yeah. We just got married."])).toEqual([
      "Married.",
    ]);
    expect(
      social(["D: Is anyone else at home sick?", "P: No. My husband and daughter seem to be doing okay."]),
    ).toEqual(["No sick contacts."]);
  });
});

describe("past medical and surgical history", () => {
  const past = (lines: string[]) => noteOf(visit(lines))("past_history");

  it("charts surgeries as a chart lists them, read out and confirmed or told", () => {
    expect(
      past([
        "D: What type of surgery have you had in past?",
        "P: I had a C section for my kiddo and one D and C.",
      ]),
    ).toEqual(["Prior D&C and cesarean section."]);
    expect(
      past([
        "D: Looks like you had eye surgery, cataract surgery, and lumbar decompression, correct?",
        "P: Yeah.",
      ]),
    ).toEqual(["Prior cataract surgery, eye surgery and lumbar decompression."]);
  });

  it("charts an old injury and when, in chart words", () => {
    expect(
      past([
        "D: History of any illnesses, surgeries, or hospitalizations?",
        "P: I dislocated my wrist when I was a kid but that's all.",
      ]),
    ).toEqual(["History of dislocated wrist (in childhood)."]);
    expect(past(["D: Any surgeries?", "P: I had my tonsils taken out when I was a kid."])).toEqual([
      "Tonsils removed (in childhood).",
    ]);
  });

  it("charts no medical issues and no change since the last visit", () => {
    expect(past(["D: Did you have any medical issues?", "P: Nope."])).toEqual([
      "No significant past medical history.",
    ]);
    expect(
      past(["D: Looking at your medical history now. Any changes since your last visit?", "P: No changes."]),
    ).toEqual(["No changes in history since the last visit."]);
  });
});

describe("answers with an opening word, and the rest of the body", () => {
  it("reads 'Oh, I do but occasionally' as a yes and 'Well, I don't know very much' as no denial", () => {
    expect(noteOf(visit(["D: Do you drink?", "P: Oh, I do but occasionally."]))("social_history")).toEqual([
      "Drinks alcohol occasionally.",
    ]);
    expect(
      noteOf(
        visit([
          "D: What is your family medical history?",
          "P: Well, I don't know very much about my dad's side but my dad did pass away from renal cancer.",
        ]),
      )("family_history").join(" "),
    ).not.toMatch(/No known family history/);
  });

  it("charts a review of systems otherwise negative, vaccines up to date or never given", () => {
    const section = (lines: string[]) => noteOf(visit(lines));
    expect(
      section(["D: Any issues from head to toe?", "P: No, everything is fine."])("review_of_systems"),
    ).toEqual(["Review of systems otherwise negative."]);
    expect(
      section(["D: Can you tell me about your immunizations?", "P: Yeah, I had them all."])("past_history"),
    ).toEqual(["Immunizations up to date."]);
    expect(
      section(["D: Are you up to date on your vaccines?", "P: I've actually never been vaccinated before."])(
        "past_history",
      ),
    ).toEqual(["Not vaccinated."]);
  });

  it("keeps the specific habit line, not a vague one beside it, and no tobacco from weed", () => {
    const social = (lines: string[]) => noteOf(visit(lines))("social_history");
    expect(
      social([
        "D: Do you smoke, sir?",
        "P: Yeah, I smoke about two packs a day.",
        "D: Do you drink?",
        "P: No, just smoking for me.",
      ]),
    ).toEqual(["Smokes 2 packs daily.", "Denies alcohol use."]);
    expect(
      social(["D: Any recreational drugs?", "P: I don't drink but I do occasionally smoke weed."]).join(" "),
    ).not.toMatch(/tobacco/);
  });
});

describe("how the patient is doing, and where they go", () => {
  it("charts how the patient feels when asked, not a turn of phrase", () => {
    expect(
      noteOf(visit(["D: How are you feeling today?", "P: Honestly, I'm feeling a little bit better."]))(
        "hpi",
      ),
    ).toEqual(["Feels a little better."]);
    expect(noteOf(visit(["D: How are you doing today?", "P: I have seen worse days."]))("hpi")).toEqual([]);
  });

  it("charts the clinician's plain word on the patient's state and going home", () => {
    const followUp = noteOf(
      visit([
        "D: Your condition is improved, and you look pretty stable.",
        "P: Yeah, I feel much better.",
        "D: I think you are good to go home. I am going to prepare your discharge paper.",
      ]),
    )("follow_up");
    expect(followUp).toEqual(["Condition improved and stable.", "Discharged home."]);
    expect(noteOf(visit(["D: If the fever stays down, you can go home tomorrow."]))("follow_up")).toEqual([]);
  });
});

describe("a habit named after a follow-up question", () => {
  it("keeps 'not anymore' said before 'Which one?' 'Meth.'", () => {
    const social = noteOf(
      visit(["D: How about drugs?", "P: I used to but not anymore.", "D: Which one?", "P: Meth."]),
    )("social_history");
    expect(social).toEqual(["Former meth use."]);
  });
});

describe("a child's home and school", () => {
  it("charts the parents at home, the grade and no special education", () => {
    const social = noteOf(
      visit([
        "D: Do you live at home with both of your parents?",
        "P: Yes.",
        "D: What grade are you in?",
        "P: Firth grade.",
        "D: Is he enrolled in any special education classes?",
        "P: No. He is in all the regular mainstream classes.",
      ]),
    )("social_history");
    expect(social).toEqual(["Lives with parents.", "In fifth grade.", "No special education classes."]);
  });
});

describe("blind audit s21b: habits by amount, answers that are no yes, going home", () => {
  it("charts drinks counted beside a 'no' to smoking, and today's amount beside the one before", () => {
    expect(
      noteOf(
        visit([
          "D: Any chronic drinking habit or smoking?",
          "P: No, I never smoked, and I do take two or three drinks daily but nothing like being alcoholic.",
        ]),
      )("social_history"),
    ).toEqual(["Denies tobacco use.", "Drinks 2 to 3 drinks daily."]);
    expect(
      noteOf(
        visit([
          "D: How much do you smoke per day?",
          "P: I just started taking Chantix and now I am down to a half a pack a day.",
          "D: How much did you smoke per day prior to starting Chantix?",
          "P: I was smoking about two to three packs a day.",
        ]),
      )("social_history"),
    ).toEqual(["Smokes half a pack daily.", "Previously smoked 2 to 3 packs daily."]);
  });

  it("reads 'I have everything still' as no yes to surgeries", () => {
    const section = noteOf(
      visit([
        "D: What is your history with your reproductive parts? Have you had any surgeries?",
        "P: I have everything still. I have both ovaries, I have a uterus, and I have a cervix still.",
      ]),
    );
    expect(section("past_history").join(" ")).not.toMatch(/surgeries/i);
  });

  it("charts a yes to 'Are you ready for home?' as going home", () => {
    expect(
      noteOf(
        visit(["D: Are you ready for home?", "P: Yes.", "D: Who will help at home?", "P: Just my family."]),
      )("follow_up"),
    ).toEqual(["Discharged home."]);
  });
});

describe("no change, confirmed", () => {
  it("charts 'There are no changes, right?' 'Yes, nothing changed.'", () => {
    expect(
      noteOf(visit(["D: There are no changes, right Mister Jay?", "P: Yes, nothing changed."]))(
        "past_history",
      ),
    ).toEqual(["No changes in history since the last visit."]);
  });
});

describe("when a past operation was", () => {
  it("dates each operation from its own clause", () => {
    const past = noteOf(
      visit([
        "D: Which ones?",
        "P: I had my appendix taken out and glaucoma surgery fairly recently. I also had my gallbladder taken out ten years ago and a partial colon resection.",
      ]),
    )("past_history");
    expect(past).toContain("Appendix removed.");
    expect(past).toContain("Gallbladder removed (ten years ago).");
    expect(past.join(" ")).not.toMatch(/glaucoma surgery \(ten years ago\)/);
  });
});

describe("what brought the patient to a past hospital stay", () => {
  it("is not what they endorse today", () => {
    const section = noteOf(
      visit([
        "D: Good morning. So, you are here for your follow up today. Update me, why were you in the hospital?",
        "P: I had a lot of back pain and a fever. They said it was kidney stones.",
        "D: I see. So how are you feeling now?",
        "P: I'm feeling better. Pain has subsided.",
      ]),
    );
    expect(section("review_of_systems").join(" ")).not.toMatch(/Endorses[^.]*(?:back pain|fever)/);
  });
});
