"""Office files as people write them → a raw table of strings plus the problems found.

The entry point is ``sheets.read.read(data, file_name)`` → ``RawTable``: encodings (BOM, UTF-8,
GB18030, UTF-16), CSV and ``.xlsx`` (every sheet, titles and 单位 lines, Excel number formats,
formulas saved without a result, WPS exports), long or wide. Nothing here knows the store.
"""
