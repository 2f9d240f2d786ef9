// The English catalogue: every string on the patient's and interpreter's screens (and the
// clinician's where cheap), by screen. Spanish (es.ts) must have exactly these keys
// (a type checks it at build time, catalogue.test.ts at test time). Interpolation is
// i18next's {{name}}; plurals use the _one / _other suffixes (Intl.PluralRules).
export const en = {
  common: {
    loading: "Loading…",
    tryAgain: "Try again",
    yes: "Yes",
    no: "No",
    yourClinician: "Your clinician",
    emergency:
      "If you feel worse or have a new symptom that worries you, call your clinic. In an emergency, call 911.",
  },
  language: {
    label: "Language",
    en: "English",
    es: "Español",
  },
  errors: {
    linkUnknown:
      "This visit link does not work. Please check that you opened the whole link, or ask the clinic to send a new one.",
    linkRevoked:
      "This visit link has been cancelled or replaced. Please use the newest link the clinic sent you.",
    linkExpired: "This visit link has expired. Please ask the clinic to send a new one.",
    visitEnded: "This visit has ended. You can close this page.",
    linkGone: "This visit link no longer works. If you still need the visit, ask the clinic for a new link.",
    network: "We could not reach Bedside. Check your internet connection and try again.",
    rateLimited: "Too many tries in a short time. Please wait a moment and try again.",
    unavailable: "Bedside is busy right now. Please try again in a minute.",
    generic: "Something went wrong. Please try again.",
    reload: "Please reload the page.",
    notFoundTitle: "We could not find that page",
    notFoundText: "If you were sent a link for a visit, please open it again from the message you received.",
  },
  journey: {
    opening: "Opening your visit…",
    invalidTitle: "We could not open this visit",
    leftTitle: "You left the call",
    leftText: "The visit is still going. You can go back in if you left by mistake.",
    rejoin: "Rejoin the call",
  },
  checkIn: {
    title: "Before you join",
    patientIntro: "Your visit with {{name}}, today at {{time}}. This takes about a minute.",
    interpreterIntro: "Interpreting for {{name}}'s visit, today at {{time}}. This takes about a minute.",
    devicesTitle: "1. Camera and microphone",
    yourCamera: "Your camera",
    startingCamera: "Starting your camera…",
    cameraOff: "Camera off",
    microphone: "Microphone",
    sayHello: "Say hello to test it",
    notWorking: "Not working",
    blockedCamera: "Your browser is blocking the camera.",
    blockedMicrophone: "Your browser is blocking the microphone.",
    blockedHelp:
      "To fix it, tap the camera or lock icon next to the web address, choose <b>Allow</b>, then press <b>Try again</b>. On a phone, you may need to allow it in Settings for your browser.",
    noCamera:
      "We could not find a camera. If one is plugged in, check it is not used by another app, then press <b>Try again</b>.",
    noMicrophone:
      "We could not find a microphone. If one is plugged in, check it is not used by another app, then press <b>Try again</b>.",
    voiceStillWorks: "You can still join with your voice only.",
    voiceOnly: "Join with voice only (no video). This works better on a weak connection.",
    soundTitle: "2. Sound",
    heardNotes: "Did you hear two notes?",
    playing: "Playing…",
    playSound: "Play a test sound",
    soundWorks: "Your sound works.",
    soundHelp: "Turn up your volume, or plug in headphones, then play it again.",
    connectionTitle: "3. Connection",
    checkingConnection: "Checking your connection…",
    noConnection: "We could not reach Bedside. Check your internet connection.",
    goodConnection: "Your connection looks good.",
    slowConnection: "Your connection is slow. Voice only may work better.",
    aboutYouTitle: "4. About you",
    yourName: "Your name (as the clinician will see it)",
    consentQuestion: "May an AI helper take notes of what you say?",
    consentText:
      "An AI helper can write down what is said in the visit. This lets {{name}} look at you, not at a screen. {{name}} checks the notes.",
    consentSummary: "Then you get a summary after the visit.",
    consentPrivacy:
      "Your voice is <b>never recorded or saved</b>, only the written words. You can pause it at any time.",
    consentYes: "Yes, it may take notes of what I say",
    consentNo: "No, do not take notes of what I say",
    consentMissing: "Please choose whether the AI helper may take notes of what you say.",
    joining: "Joining…",
    join: "Join the waiting room",
  },
  waiting: {
    title: "You're in the waiting room",
    available: "{{name}} knows you're here and will let you in soon.",
    inVisit: "{{name}} knows you're here and is finishing another visit.",
    away: "{{name}} knows you're here and will be back shortly.",
    late_one: "{{name}} knows you're here and is about {{count}} minute late.",
    late_other: "{{name}} knows you're here and is about {{count}} minutes late.",
    justArrived: "You just arrived.",
    waited_one: "You have been waiting {{count}} minute.",
    waited_other: "You have been waiting {{count}} minutes.",
    keepOpen: "Please keep this page open. The call will start by itself.",
    reconnecting: "Your connection dropped. We're reconnecting — you keep your place.",
    tipsTitle: "While you wait",
    tipPlace: "Find a quiet, private place with good light on your face.",
    tipMedicines: "Have your medicines or a list of them nearby.",
    tipQuestions: "Write down any questions you want to ask.",
  },
  call: {
    roleClinician: "Clinician",
    rolePatient: "Patient",
    roleInterpreter: "Interpreter",
    qualityExcellent: "Excellent connection",
    qualityGood: "Good connection",
    qualityPoor: "Poor connection",
    qualityLost: "Connection lost",
    qualityUnknown: "Checking connection",
    videoOf: "Video of {{name}}",
    you: "You",
    nameYou: "{{name}} (you)",
    muted: "Muted",
    reconnecting: "Reconnecting… Your call will continue as soon as the connection is back.",
    disconnected: "You are disconnected from the call.",
    controls: "Call controls",
    mute: "Mute",
    unmute: "Unmute",
    cameraOff: "Camera off",
    cameraOn: "Camera on",
    showVideo: "Show video",
    voiceOnly: "Voice only",
    leave: "Leave",
    people: "People in the call",
  },
  scribe: {
    label: "AI scribe",
    off: "AI scribe: off for you",
    withdrawn: "AI scribe: off for you (consent withdrawn)",
    starting: "AI scribe: starting to you",
    listening: "AI scribe: listening to you",
    pausedByYou: "AI scribe: paused by you",
    pausedBy: "AI scribe: paused for you by {{name}}",
    pausedEveryoneByYou: "AI scribe: paused for everyone by you",
    pausedEveryoneBy: "AI scribe: paused for everyone by {{name}}",
    someone: "someone",
    resumeMe: "Resume scribe for me",
    pauseMe: "Pause scribe for me",
    stopMe: "Stop the scribe for me",
    deleteMine: "Also delete what the AI helper wrote down of me",
    stopRest: "Stop for the rest of the visit",
    keepOn: "Keep it on",
    resumeEveryone: "Resume scribe for everyone",
    pauseEveryone: "Pause scribe for everyone",
    eachPerson: "Scribe for each person",
    otherOff: "off",
    otherWithdrawn: "off (consent withdrawn)",
    otherStarting: "starting",
    otherListening: "listening",
    otherPausedBy: "paused by {{name}}",
    otherPausedEveryoneBy: "paused for everyone by {{name}}",
  },
  end: {
    title: "Your visit has ended",
    thanks: "Thank you for joining. {{name}} will now check the notes from your visit.",
    then: "Then your summary will be ready. It says what was found and what to do next. Open it below. Save the page: it opens your summary. The clinic can send it to you too.",
    open: "Open my visit summary",
    askLink: "Please ask the clinic to send you your summary link.",
    gettingLink: "Getting your summary link…",
    interpreter: "Thank you for interpreting. You can close this page.",
    everyone: "The visit has ended for everyone.",
  },
  afterVisit: {
    opening: "Opening your summary…",
    title: "Your visit summary",
    cannotOpen: "We could not open your summary",
    notReadyGeneric:
      "Your summary is not ready yet. Your clinician is still checking the notes from your visit.",
    recheck_one: "This page checks again by itself every {{count}} second.",
    recheck_other: "This page checks again by itself every {{count}} seconds.",
    checkNow: "Check now",
    visitOn: "Your visit was on {{date}}. {{name}} read these notes before you got them.",
    updated:
      "{{name}} updated this summary on {{date}}. This is the latest version. If you printed the old one, please use this one instead.",
    openUntil: "You can open this page until {{date}}. Print it to keep a copy.",
    print: "Print this summary",
    youAsked: "You asked:",
    topic: "What is your question about?",
    question: "Write your question here",
    send: "Send question",
    sent: "Sent. {{name}} will see your question.",
    whatWasSaid: "What was said",
  },
  feedback: {
    intro: "It takes about two minutes. Your answers are mixed in with many others. Your name is not shown.",
    howWas: "How was {{name}} at…",
    missing: "Please answer question {{n}}. You can pick “Does not apply”.",
    doesNotApply: "Does not apply",
    comment: "Anything else you want to tell us? (optional)",
    send: "Send my answers",
    thanks: "Thank you for telling us about your visit.",
    ratings: ["Poor", "Fair", "Good", "Very good", "Excellent"],
    // The CARE measure (Mercer et al., 2004) as published.
    items: [
      {
        title: "Making you feel at ease",
        detail: "being friendly and warm towards you, treating you with respect; not cold or abrupt",
      },
      {
        title: "Letting you tell your “story”",
        detail:
          "giving you time to fully describe your illness in your own words; not interrupting or diverting you",
      },
      {
        title: "Really listening",
        detail:
          "paying close attention to what you were saying; not looking at the notes or computer as you were talking",
      },
      {
        title: "Being interested in you as a whole person",
        detail:
          "asking/knowing relevant details about your life, your situation; not treating you as “just a number”",
      },
      {
        title: "Fully understanding your concerns",
        detail:
          "communicating that he/she had accurately understood your concerns; not overlooking or dismissing anything",
      },
      {
        title: "Showing care and compassion",
        detail:
          "seeming genuinely concerned, connecting with you on a human level; not being indifferent or “detached”",
      },
      {
        title: "Being positive",
        detail:
          "having a positive approach and a positive attitude; being honest but not negative about your problems",
      },
      {
        title: "Explaining things clearly",
        detail:
          "fully answering your questions, explaining clearly, giving you adequate information; not being vague",
      },
      {
        title: "Helping you to take control",
        detail:
          "exploring with you what you can do to improve your health yourself; encouraging rather than “lecturing” you",
      },
      {
        title: "Making a plan of action with you",
        detail:
          "discussing the options, involving you in decisions as much as you want to be involved; not ignoring your views",
      },
    ],
  },
};

/** The catalogue's shape with every leaf a string (arrays keep their length): what es.ts must match. */
type Strings<T> = T extends string
  ? string
  : T extends readonly (infer U)[]
    ? Strings<U>[]
    : { [K in keyof T]: Strings<T[K]> };
export type Catalogue = Strings<typeof en>;
