"""The daily bulletin (疫情防控工作日报): the three reports in one document for the office."""
