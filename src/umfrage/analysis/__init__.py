"""The analysis engine: a wave's responses (a typed dataframe) and its questionnaire in, typed
immutable results out. Pure Python: no Django here (the database loader is ``umfrage.loaders.frames``).

- ``reader.read_wave_csv``: ``responses.csv`` → :class:`frame.WaveFrame`, fast and validated;
- ``engine.analyse``: frame (+ compared frame, ``by``, weights, suppression) → ``WaveResult``;
- ``render.to_json`` / ``render.to_table``: the contract's JSON and a terminal table;
- ``types/<type>.py``: the statistics of each question type.
"""
