import { describe, expect, it } from "vitest";
import { nextStepsOf, nextStepText } from "./next-step.extract.js";

const steps = (text: string) => nextStepsOf(text).map(({ cue: _, ...s }) => s);
const lines = (text: string) => nextStepsOf(text).map(nextStepText);

describe("next steps as said", () => {
  it("ties a visit with no interval to the event it waits for", () => {
    expect(steps("okay so we'll get that booked and i'll see you back after the surgery")).toEqual([
      { kind: "visit", when: "after the surgery" },
    ]);
    expect(steps("follow up with me once you've had the injection so we know if it worked")).toEqual([
      { kind: "visit", when: "once you've had the injection" },
    ]);
    expect(steps("come back after your ct scan and we can go through it together")).toEqual([
      { kind: "visit", when: "after your ct scan" },
    ]);
    expect(steps("i'd like to see you again after the colonoscopy , alright")).toEqual([
      { kind: "visit", when: "after the colonoscopy" },
    ]);
    // An interval said wins; "afterwards" names no event.
    expect(lines("we'll follow up afterwards")).toEqual(["Follow up (time not stated)"]);
    expect(lines("i'll see you in two weeks after the holidays")).toEqual(["Follow up in two weeks"]);
  });

  it("keeps what a visit is for", () => {
    expect(lines("so i'll see you next week for the endoscopy")).toEqual([
      "Follow up next week for the endoscopy",
    ]);
    expect(lines("come back in ten days for your stitches out")).toEqual([
      "Follow up in ten days for your stitches out",
    ]);
    expect(lines("i'll see you in three months for the first problem")).toEqual([
      "Follow up in three months",
    ]);
  });

  it("keeps a visit's condition instead of booking it", () => {
    expect(steps("come back if you're not better in a week")).toEqual([
      { kind: "visit", condition: "if you're not better in a week" },
    ]);
    expect(steps("if the swelling is still there in two weeks , come back and see me")).toEqual([
      { kind: "visit", condition: "if the swelling is still there in two weeks" },
    ]);
    expect(steps("let's follow up in three months , or sooner if things get worse")).toEqual([
      { kind: "visit", when: "in three months", condition: "if things get worse" },
    ]);
    expect(steps("return to clinic if the rash spreads past the line i drew")).toEqual([
      { kind: "visit", condition: "if the rash spreads past the line" },
    ]);
  });

  it("names a visit with someone else", () => {
    expect(steps("please follow up with cardiology in a month")).toEqual([
      { kind: "elsewhere", who: "cardiology", when: "in a month" },
    ]);
    expect(steps("you should follow up with your eye doctor about the pressure")).toEqual([
      { kind: "elsewhere", who: "your eye doctor" },
    ]);
    expect(steps("i want you to follow up with doctor ramirez for the sleep study")).toEqual([
      { kind: "elsewhere", who: "doctor ramirez" },
    ]);
    expect(steps("make sure you follow up with the surgeon next week")).toEqual([
      { kind: "elsewhere", who: "surgeon", when: "next week" },
    ]);
    // Questions and advice given before are no plan.
    expect(steps("did you follow up with the cardiologist after that?")).toEqual([]);
    expect(steps("you were told to follow up with your kidney doctor")).toEqual([]);
  });

  it("says when no visit is needed, with its condition", () => {
    expect(steps("honestly i don't need to see you back unless you have any problems")).toEqual([
      { kind: "none", condition: "unless you have any problems" },
    ]);
    expect(steps("if the ultrasound comes back normal you won't need to come back")).toEqual([
      { kind: "none", condition: "if the ultrasound comes back normal" },
    ]);
    expect(steps("there's no need to come back if everything looks good on the labs")).toEqual([
      { kind: "none", condition: "if everything looks good on the labs" },
    ]);
    expect(steps("you do n't have to follow up with me unless it gets worse")).toEqual([
      { kind: "none", condition: "unless it gets worse" },
    ]);
    expect(lines("no need to come back")).toEqual(["No follow-up visit needed"]);
    // Another doctor's visit taken back is not this clinic's "no visit needed".
    expect(steps("you don't need to follow up with the kidney doctor anymore")).toEqual([]);
  });
});

describe("a visit 'afterwards'", () => {
  it("is tied to the procedure or test named before it in the sentence", () => {
    expect(
      lines("i'll order the epidural , and the shot should help , and then we'll follow up afterwards"),
    ).toEqual(["Follow up after the shot"]);
    expect(lines("let's get your mri done first and come back after that")).toEqual([
      "Follow up after your mri",
    ]);
    expect(lines("we will do the biopsy next tuesday and i'll see you back afterward")).toEqual([
      "Follow up after the biopsy",
    ]);
    expect(lines("get the blood work drawn downstairs and then follow up afterwards")).toEqual([
      "Follow up after the blood work",
    ]);
    // Nothing named before: no event is made up.
    expect(lines("we'll follow up afterwards")).toEqual(["Follow up (time not stated)"]);
  });

  it("ends a condition before a question", () => {
    expect(
      lines("see you back in three months or sooner if it gets worse do you have any questions"),
    ).toEqual(["Follow up in three months if it gets worse"]);
  });
});

describe("a visit said in other words", () => {
  it("reads 'come on back' and the day said after an untimed follow-up", () => {
    expect(steps("if it's not getting better , of course , come on back and see me")).toEqual([
      { kind: "visit", condition: "if it's not getting better" },
    ]);
    expect(steps("and if the swelling doesn't go down , come on back , okay")).toEqual([
      { kind: "visit", condition: "if the swelling doesn't go down" },
    ]);
    expect(lines("you'll follow up with me here in the clinic and i will see you on thursday")).toEqual([
      "Follow up on thursday",
    ]);
    expect(lines("i'll see you tomorrow for the dressing change")).toEqual([
      "Follow up tomorrow for the dressing change",
    ]);
  });
});

describe("what is no next step", () => {
  it("is no greeting and no reason for this visit", () => {
    expect(steps("well , it's good to see you .")).toEqual([]);
    expect(steps("It is nice to see you again, miss.")).toEqual([]);
    expect(steps("So we're here to follow up on a few things.")).toEqual([]);
    expect(steps("You are back for a follow up on your right arm pain, right?")).toEqual([]);
  });

  it("takes no condition, person or purpose from words that are none", () => {
    // The reason for the visit, a "that", a "see if": no visit elsewhere, no condition.
    expect(steps("he presents today for a routine follow-up with chronic medical conditions")).toEqual([]);
    expect(
      steps("we can follow up with that at your next check").filter((x) => x.kind === "elsewhere"),
    ).toEqual([]);
    expect(steps("i'll see you in two weeks and we'll see if we're getting better")).toEqual([
      { kind: "visit", when: "in two weeks" },
    ]);
    expect(steps("return in one year for a follow-up visit")).toEqual([
      { kind: "visit", when: "in one year" },
    ]);
    // A condition keeps its own words past "to" and "or".
    expect(
      steps("i don't need to see you back unless you want to check in with me or have any problems"),
    ).toEqual([{ kind: "none", condition: "unless you want to check in with us or have any problems" }]);
    // The interval a few words past the office still belongs to the visit there.
    expect(
      steps("i want you to follow up with our hand therapist at her office downtown in one to two weeks"),
    ).toEqual([{ kind: "elsewhere", who: "our hand therapist", when: "in one to two weeks" }]);
  });
});
