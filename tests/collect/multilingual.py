"""A small questionnaire in German, English, Leichte Sprache and Arabic (synthetic, issue 21)."""

from __future__ import annotations

QUESTIONNAIRE = """\
wave: "2030"
title:
  de: Testumfrage 2030
  en: Test survey 2030
  de-x-ls: Test-Umfrage 2030
  ar: استطلاع تجريبي 2030
languages: [de, en, de-x-ls, ar]
intro:
  de: Willkommen zur Testumfrage (synthetisch).
  en: Welcome to the test survey (synthetic).
  de-x-ls: Willkommen. Das ist eine Test-Umfrage. Die Daten sind ausgedacht.
  ar: مرحبا بكم في الاستطلاع التجريبي (بيانات اصطناعية).
sections:
  - id: A
    title: {de: Ihr Bündnis, en: Your alliance, de-x-ls: Ihr Bündnis, ar: تحالفكم}
    questions:
      - id: koordination
        type: single
        required: true
        text:
          de: Wo ist die Koordination Ihres Bündnisses angesiedelt?
          en: Where is your alliance coordinated?
          de-x-ls: Wer leitet Ihr Bündnis?
          ar: أين يتم تنسيق تحالفكم؟
        options:
          - code: kommune
            label: {de: Kommunale Verwaltung, en: Local authority, de-x-ls: Die Stadt oder die Gemeinde, ar: الإدارة المحلية}
          - code: sonstiges
            other: true
            label: {de: "Sonstiges, und zwar", en: "Other, namely", de-x-ls: Jemand anderes, ar: "غير ذلك، وهو"}
      - id: anzahl_partner
        type: number
        min: 0
        max: 999
        text:
          de: Wie viele Partner:innen sind beteiligt?
          en: How many partners take part?
          de-x-ls: Wie viele Partner machen mit?
          ar: كم عدد الشركاء المشاركين؟
  - id: B
    title: {de: Themen, en: Topics, de-x-ls: Themen, ar: المواضيع}
    questions:
      - id: themen
        type: multi
        text: {de: Welche Themen bearbeiten Sie?, en: Which topics do you work on?, de-x-ls: Um welche Themen kümmern Sie sich?, ar: ما هي المواضيع التي تعملون عليها؟}
        options:
          - {code: kita, label: {de: Kinderbetreuung, en: Childcare, de-x-ls: Betreuung für Kinder, ar: رعاية الأطفال}}
          - {code: pflege, label: {de: Pflege, en: Care for relatives, de-x-ls: Pflege, ar: رعاية الأقارب}}
      - id: zufriedenheit
        type: matrix
        text: {de: Wie zufrieden sind Sie?, en: How satisfied are you?, de-x-ls: Wie gut finden Sie das?, ar: ما مدى رضاكم؟}
        items:
          - {code: raeume, label: {de: Räume, en: Rooms, de-x-ls: Räume, ar: الغرف}}
        scale:
          - {code: "1", label: {de: zufrieden, en: satisfied, de-x-ls: gut, ar: راضٍ}}
          - {code: "2", label: {de: unzufrieden, en: dissatisfied, de-x-ls: nicht gut, ar: غير راضٍ}}
      - id: anmerkungen
        type: text
        text: {de: Möchten Sie noch etwas sagen?, en: Anything else?, de-x-ls: Möchten Sie noch etwas sagen?, ar: هل تريدون إضافة شيء؟}
"""
