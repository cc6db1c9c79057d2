"""The written report: a period's «Báo cáo» as DOCX and PDF, per Nghị định 30/2020/NĐ-CP.

``document`` draws the report from the filtered model as plain data, ``blocks`` reads the
leadership's Markdown into that data, ``docx`` lays it out, ``pdf`` converts the DOCX.
"""
