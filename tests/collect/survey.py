"""A small questionnaire with every question type, condition and option kind (synthetic)."""

from __future__ import annotations

QUESTIONNAIRE = """\
wave: "2030"
title: Testumfrage 2030
language: de
estimated_minutes: 5
intro: |
  Willkommen zur Testumfrage.

  Sie hilft uns, die Bündnisse besser zu unterstützen.
privacy: Ihre Angaben werden vertraulich behandelt und nur zusammengefasst veröffentlicht.
sections:
  - id: A
    title: Ihr Bündnis
    intro: Zunächst einige Angaben zu Ihrem Bündnis.
    questions:
      - id: bundesland
        type: single
        text: In welchem Bundesland ist Ihr Bündnis aktiv?
        dropdown: true
        required: true
        options:
          - {code: BE, label: Berlin}
          - {code: HH, label: Hamburg}
          - {code: BY, label: Bayern}
      - id: koordination
        type: single
        text: Wo ist die Koordination Ihres Bündnisses angesiedelt?
        options:
          - {code: kommune, label: Kommunale Verwaltung}
          - {code: verein, label: Eingetragener Verein}
          - {code: sonstiges, label: Sonstiges, other: true}
      - id: gruendungsjahr
        type: number
        text: In welchem Jahr wurde Ihr Bündnis gegründet?
        min: 1990
        max: 2030
      - id: anzahl_partner
        type: number
        text: Wie viele Bündnispartner:innen sind derzeit aktiv beteiligt?
        required: true
        min: 0
        max: 999
  - id: B
    title: Digitalisierung
    questions:
      - id: social_media
        type: single
        text: Hat Ihr Bündnis einen eigenen Social-Media-Kanal?
        required: true
        options:
          - {code: ja, label: Ja}
          - {code: nein, label: Nein}
      - id: kanaele
        type: multi
        text: Auf welchen Kanälen ist Ihr Bündnis aktiv?
        if: {question: social_media, equals: ja}
        options:
          - {code: instagram, label: Instagram}
          - {code: facebook, label: Facebook}
          - {code: sonstige, label: Sonstige Kanäle, other: true}
      - id: unterstuetzung
        type: multi
        text: Welche Unterstützung würde Ihrem Bündnis helfen?
        help: Denken Sie an die kommenden zwölf Monate.
        max: 2
        options:
          - {code: schulungen, label: Schulungen}
          - {code: vorlagen, label: Vorlagen}
          - {code: austausch, label: Austausch}
          - {code: keine, label: Wir benötigen keine Unterstützung, exclusive: true}
  - id: C
    title: Partner:innen
    questions:
      - id: partner
        type: multi
        text: Welche Partner:innen sind in Ihrem Bündnis vertreten?
        options:
          - {code: verwaltung, label: Kommunale Verwaltung}
          - {code: vereine, label: Vereine}
          - {code: unternehmen, label: Unternehmen}
          - {code: kirchen, label: Kirchen}
      - id: partner_wichtigste
        type: ranking
        text: Welche sind die zwei wichtigsten Partner:innen?
        top: 2
        among: partner
        options:
          - {code: verwaltung, label: Kommunale Verwaltung}
          - {code: vereine, label: Vereine}
          - {code: unternehmen, label: Unternehmen}
          - {code: kirchen, label: Kirchen}
  - id: D
    title: Zufriedenheit
    if: {question: anzahl_partner, ge: 1}
    questions:
      - id: zufriedenheit
        type: matrix
        text: Wie zufrieden sind Sie mit den Angeboten des Servicebüros?
        items:
          - {code: newsletter, label: Newsletter}
          - {code: beratung, label: Persönliche Beratung}
        scale:
          - {code: "1", label: zufrieden}
          - {code: "2", label: teils/teils}
          - {code: "3", label: unzufrieden}
          - {code: "9", label: nicht genutzt, exclude_from_base: true}
      - id: wunsch
        type: text
        text: Welche Unterstützung wünschen Sie sich vom Servicebüro?
"""

SURVEY = """\
id: testumfrage
title: Testumfrage (synthetische Testdaten)
owner: Servicebüro Test, umfrage@example.org
synthetic: true
waves:
  - {id: "2030", title: Testumfrage 2030, status: open}
"""

# Answers that complete the questionnaire above, page by page, as form fields.
COMPLETE_PAGES = {
    "A": {
        "q-bundesland": "BE",
        "q-koordination": "verein",
        "q-gruendungsjahr": "2005",
        "q-anzahl_partner": "12",
    },
    "B1": {"q-social_media": "ja", "q-unterstuetzung": ["schulungen", "vorlagen"]},
    "B": {
        "q-social_media": "ja",
        "q-kanaele": ["instagram"],
        "q-unterstuetzung": ["schulungen", "vorlagen"],
    },
    "C": {"q-partner": ["verwaltung", "vereine"]},
    "C2": {
        "q-partner": ["verwaltung", "vereine"],
        "q-partner_wichtigste-verwaltung": "1",
        "q-partner_wichtigste-vereine": "2",
    },
    "D": {
        "q-zufriedenheit-newsletter": "1",
        "q-zufriedenheit-beratung": "9",
        "q-wunsch": "Mehr Austausch",
    },
}
