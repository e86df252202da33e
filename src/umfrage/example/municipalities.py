"""Municipalities for the synthetic register of the example Bündnisumfrage.

The names are real German municipalities, districts (for the city states) and Landkreise, grouped
by Land and by the size classes of the questionnaire's ``gemeindegroesse`` question. The size
classes are rounded from recent population figures; they only need to be plausible, since the
alliances, contacts and answers built on them are invented.

Each Land's pool is larger than the number of alliances drawn from it (except in the city states),
so the seed decides which municipalities appear in the register.
"""

from __future__ import annotations

# How many of the 600 alliances each Land has in the synthetic register: roughly proportional to
# the real network, which is densest in the large western Länder.
ALLIANCES_PER_LAND: dict[str, int] = {
    "BW": 80,
    "BY": 95,
    "BE": 12,
    "BB": 20,
    "HB": 6,
    "HH": 7,
    "HE": 45,
    "MV": 15,
    "NI": 70,
    "NW": 110,
    "RP": 35,
    "SL": 8,
    "SN": 30,
    "ST": 20,
    "SH": 25,
    "TH": 22,
}

SIZE_CLASSES: tuple[str, ...] = ("lt5k", "5k_20k", "20k_100k", "ge100k", "landkreis")

# Names are packed several to a line: one per line would make the lists hard to scan.
# fmt: off
MUNICIPALITIES: dict[str, dict[str, tuple[str, ...]]] = {
    "BW": {
        "ge100k": (
            "Stuttgart", "Mannheim", "Karlsruhe", "Freiburg im Breisgau", "Heidelberg", "Ulm",
            "Heilbronn", "Pforzheim", "Reutlingen",
        ),
        "20k_100k": (
            "Esslingen am Neckar", "Ludwigsburg", "Tübingen", "Villingen-Schwenningen", "Konstanz",
            "Aalen", "Sindelfingen", "Schwäbisch Gmünd", "Friedrichshafen", "Offenburg",
            "Göppingen", "Waiblingen", "Baden-Baden", "Ravensburg", "Heidenheim an der Brenz",
            "Böblingen", "Rastatt", "Leonberg", "Lörrach", "Kirchheim unter Teck", "Schorndorf",
            "Nürtingen", "Bietigheim-Bissingen", "Schwäbisch Hall", "Singen (Hohentwiel)",
            "Fellbach", "Weinheim", "Bruchsal", "Ettlingen", "Kehl", "Lahr/Schwarzwald",
            "Rottenburg am Neckar", "Balingen", "Tuttlingen", "Crailsheim", "Backnang",
            "Biberach an der Riß", "Herrenberg", "Weil am Rhein", "Sinsheim", "Wiesloch", "Mosbach",
            "Rottweil", "Nagold", "Bad Mergentheim", "Öhringen", "Freudenstadt", "Calw",
            "Überlingen", "Ehingen (Donau)", "Bretten", "Neckarsulm",
        ),
        "5k_20k": (
            "Tauberbischofsheim", "Buchen (Odenwald)", "Künzelsau", "Bad Wildbad", "Wolfach",
            "Haslach im Kinzigtal", "Titisee-Neustadt", "Bad Säckingen", "Müllheim",
            "Staufen im Breisgau", "Breisach am Rhein", "Blumberg", "Meßkirch", "Pfullendorf",
            "Markdorf", "Isny im Allgäu", "Bad Saulgau", "Laichingen", "Blaubeuren", "Münsingen",
            "Hechingen", "Sigmaringen", "Gammertingen", "Sulz am Neckar", "Oberndorf am Neckar",
            "Gaildorf", "Murrhardt", "Welzheim", "Marbach am Neckar", "Besigheim", "Möckmühl",
            "Walldürn", "Weikersheim",
        ),
        "lt5k": (
            "Niederstetten", "Schiltach", "Bad Teinach-Zavelstein", "Todtnau", "St. Blasien",
            "Mulfingen", "Langenburg", "Hayingen", "Zwiefalten",
        ),
        "landkreis": (
            "Landkreis Tübingen", "Landkreis Ravensburg", "Ostalbkreis", "Hohenlohekreis",
            "Landkreis Karlsruhe", "Main-Tauber-Kreis", "Rems-Murr-Kreis", "Landkreis Lörrach",
            "Enzkreis", "Landkreis Sigmaringen",
        ),
    },
    "BY": {
        "ge100k": (
            "München", "Nürnberg", "Augsburg", "Regensburg", "Ingolstadt", "Würzburg", "Fürth",
            "Erlangen",
        ),
        "20k_100k": (
            "Bamberg", "Bayreuth", "Landshut", "Aschaffenburg", "Kempten (Allgäu)", "Rosenheim",
            "Neu-Ulm", "Schweinfurt", "Passau", "Freising", "Straubing", "Dachau", "Hof",
            "Kaufbeuren", "Memmingen", "Ansbach", "Coburg", "Amberg", "Weiden i.d.OPf.",
            "Neumarkt i.d.OPf.", "Germering", "Erding", "Fürstenfeldbruck", "Deggendorf",
            "Forchheim", "Schwabach", "Landsberg am Lech", "Kitzingen", "Lindau (Bodensee)",
            "Starnberg", "Gersthofen", "Königsbrunn", "Neuburg an der Donau", "Unterschleißheim",
            "Friedberg", "Olching", "Garmisch-Partenkirchen", "Traunstein", "Burghausen",
            "Dingolfing", "Lauf an der Pegnitz", "Zirndorf", "Herzogenaurach", "Waldkraiburg",
            "Puchheim", "Kulmbach", "Bad Kissingen", "Sonthofen", "Vaterstetten", "Geretsried",
        ),
        "5k_20k": (
            "Bad Tölz", "Miesbach", "Penzberg", "Murnau a.Staffelsee", "Prien a.Chiemsee",
            "Bad Aibling", "Altötting", "Eggenfelden", "Pfarrkirchen", "Vilshofen an der Donau",
            "Grafenau", "Zwiesel", "Regen", "Cham", "Roding", "Nabburg", "Sulzbach-Rosenberg",
            "Tirschenreuth", "Kemnath", "Marktredwitz", "Wunsiedel", "Naila", "Lichtenfels",
            "Kronach", "Haßfurt", "Hammelburg", "Bad Neustadt a.d.Saale", "Mellrichstadt",
            "Gerolzhofen", "Ochsenfurt", "Marktheidenfeld", "Lohr a.Main", "Miltenberg",
            "Rothenburg ob der Tauber", "Dinkelsbühl", "Feuchtwangen", "Weißenburg i.Bay.",
            "Gunzenhausen", "Treuchtlingen", "Eichstätt", "Beilngries", "Donauwörth",
            "Dillingen a.d.Donau", "Krumbach (Schwaben)", "Mindelheim", "Füssen", "Marktoberdorf",
            "Immenstadt i.Allgäu", "Lindenberg i.Allgäu", "Schongau", "Bad Wörishofen", "Ebersberg",
            "Grafing b.München", "Holzkirchen", "Wolfratshausen", "Moosburg a.d.Isar", "Mainburg",
            "Abensberg", "Kelheim", "Riedenburg",
        ),
        "lt5k": (
            "Bodenmais", "Frauenau", "Sankt Englmar", "Bischofsmais", "Wildpoldsried",
            "Weißenstadt", "Bad Berneck i.Fichtelgebirge", "Iphofen", "Sommerhausen",
            "Prichsenstadt", "Egloffstein", "Gößweinstein", "Kinding", "Walting", "Absberg",
        ),
        "landkreis": (
            "Landkreis Ebersberg", "Landkreis Fürstenfeldbruck", "Landkreis Regen",
            "Landkreis Cham", "Landkreis Haßberge", "Landkreis Kitzingen",
            "Landkreis Neumarkt i.d.OPf.", "Landkreis Unterallgäu", "Landkreis Ostallgäu",
            "Landkreis Rhön-Grabfeld", "Landkreis Main-Spessart",
        ),
    },
    "BE": {
        "ge100k": (
            "Berlin-Mitte", "Friedrichshain-Kreuzberg", "Pankow", "Charlottenburg-Wilmersdorf",
            "Spandau", "Steglitz-Zehlendorf", "Tempelhof-Schöneberg", "Neukölln",
            "Treptow-Köpenick", "Marzahn-Hellersdorf", "Lichtenberg", "Reinickendorf",
        ),
    },
    "BB": {
        "ge100k": ("Potsdam", "Cottbus"),
        "20k_100k": (
            "Brandenburg an der Havel", "Frankfurt (Oder)", "Oranienburg", "Falkensee",
            "Bernau bei Berlin", "Eberswalde", "Königs Wusterhausen", "Fürstenwalde/Spree",
            "Schwedt/Oder", "Teltow", "Hennigsdorf", "Strausberg", "Ludwigsfelde", "Senftenberg",
            "Neuruppin", "Werder (Havel)", "Eisenhüttenstadt", "Spremberg", "Rathenow",
        ),
        "5k_20k": (
            "Prenzlau", "Perleberg", "Wittstock/Dosse", "Templin", "Angermünde",
            "Lübben (Spreewald)", "Jüterbog", "Bad Belzig", "Forst (Lausitz)", "Guben", "Seelow",
            "Beeskow", "Kyritz", "Herzberg (Elster)",
        ),
        "lt5k": ("Lenzen (Elbe)", "Burg (Spreewald)", "Ziesar"),
        "landkreis": (
            "Landkreis Uckermark", "Landkreis Prignitz", "Landkreis Oder-Spree",
            "Landkreis Potsdam-Mittelmark",
        ),
    },
    "HB": {
        "ge100k": ("Bremen-Süd", "Bremen-Ost", "Bremerhaven"),
        "20k_100k": ("Bremen-Nord", "Bremen-West"),
        "5k_20k": ("Bremen-Mitte",),
    },
    "HH": {
        "ge100k": (
            "Hamburg-Mitte", "Altona", "Eimsbüttel", "Hamburg-Nord", "Wandsbek", "Bergedorf",
            "Harburg",
        ),
    },
    "HE": {
        "ge100k": ("Frankfurt am Main", "Wiesbaden", "Kassel", "Darmstadt", "Offenbach am Main"),
        "20k_100k": (
            "Hanau", "Gießen", "Marburg", "Fulda", "Rüsselsheim am Main",
            "Bad Homburg vor der Höhe", "Wetzlar", "Oberursel (Taunus)", "Rodgau", "Dreieich",
            "Bensheim", "Hofheim am Taunus", "Maintal", "Neu-Isenburg", "Langen (Hessen)",
            "Limburg an der Lahn", "Mörfelden-Walldorf", "Dietzenbach", "Bad Vilbel", "Viernheim",
            "Lampertheim", "Friedberg (Hessen)", "Bad Hersfeld", "Bad Nauheim", "Idstein",
            "Heppenheim (Bergstraße)", "Dillenburg", "Korbach", "Baunatal", "Taunusstein",
            "Gelnhausen", "Büdingen",
        ),
        "5k_20k": (
            "Alsfeld", "Lauterbach (Hessen)", "Schlüchtern", "Homberg (Efze)", "Frankenberg (Eder)",
            "Witzenhausen", "Hofgeismar", "Bad Arolsen", "Michelstadt", "Erbach", "Schotten",
            "Hünfeld", "Biedenkopf", "Bad Wildungen", "Rotenburg an der Fulda",
            "Bad Soden-Salmünster", "Lorsch", "Usingen",
        ),
        "lt5k": (
            "Ehrenberg (Rhön)", "Tann (Rhön)", "Wanfried", "Herleshausen", "Ulrichstein",
            "Grebenhain",
        ),
        "landkreis": (
            "Vogelsbergkreis", "Werra-Meißner-Kreis", "Landkreis Kassel", "Main-Kinzig-Kreis",
            "Landkreis Marburg-Biedenkopf", "Odenwaldkreis", "Kreis Bergstraße",
        ),
    },
    "MV": {
        "ge100k": ("Rostock",),
        "20k_100k": (
            "Schwerin", "Neubrandenburg", "Stralsund", "Greifswald", "Wismar", "Güstrow",
            "Waren (Müritz)", "Neustrelitz",
        ),
        "5k_20k": (
            "Parchim", "Ribnitz-Damgarten", "Bergen auf Rügen", "Anklam", "Pasewalk", "Demmin",
            "Grevesmühlen", "Ludwigslust", "Teterow", "Hagenow", "Ueckermünde", "Wolgast",
            "Bad Doberan", "Malchin",
        ),
        "lt5k": ("Penzlin", "Zingst", "Loitz", "Krakow am See"),
        "landkreis": (
            "Landkreis Vorpommern-Greifswald", "Landkreis Rostock", "Landkreis Ludwigslust-Parchim",
        ),
    },
    "NI": {
        "ge100k": (
            "Hannover", "Braunschweig", "Oldenburg (Oldb)", "Osnabrück", "Wolfsburg", "Göttingen",
            "Salzgitter", "Hildesheim",
        ),
        "20k_100k": (
            "Delmenhorst", "Wilhelmshaven", "Lüneburg", "Celle", "Garbsen", "Hameln",
            "Lingen (Ems)", "Langenhagen", "Nordhorn", "Wolfenbüttel", "Goslar", "Peine", "Emden",
            "Cuxhaven", "Stade", "Gifhorn", "Lehrte", "Seevetal", "Neustadt am Rübenberge", "Melle",
            "Laatzen", "Wunstorf", "Buxtehude", "Leer (Ostfriesland)", "Cloppenburg",
            "Barsinghausen", "Achim", "Papenburg", "Norden", "Aurich", "Vechta",
            "Buchholz in der Nordheide", "Uelzen", "Nienburg/Weser", "Winsen (Luhe)", "Northeim",
            "Osterholz-Scharmbeck", "Einbeck", "Rotenburg (Wümme)", "Westerstede", "Meppen",
            "Verden (Aller)", "Soltau", "Walsrode", "Springe", "Bad Zwischenahn", "Hann. Münden",
            "Bad Harzburg", "Helmstedt", "Friesoythe", "Stadthagen", "Rinteln",
        ),
        "5k_20k": (
            "Uslar", "Bad Gandersheim", "Clausthal-Zellerfeld", "Seesen", "Schöningen",
            "Königslutter am Elm", "Bad Bentheim", "Haselünne", "Sögel", "Jever", "Esens",
            "Wiesmoor", "Diepholz", "Sulingen", "Bassum", "Twistringen", "Bersenbrück",
            "Quakenbrück", "Bad Iburg", "Dannenberg (Elbe)", "Lüchow (Wendland)", "Wittingen",
            "Munster", "Bad Bevensen", "Schneverdingen", "Tostedt", "Zeven", "Bremervörde",
            "Otterndorf", "Hemmoor", "Bad Lauterberg im Harz", "Herzberg am Harz", "Bückeburg",
            "Bad Nenndorf", "Obernkirchen",
        ),
        "lt5k": (
            "Dransfeld", "Hitzacker (Elbe)", "Hankensbüttel", "Juist", "Spiekeroog", "Langeoog",
            "Lauenförde", "Gartow",
        ),
        "landkreis": (
            "Landkreis Emsland", "Landkreis Osnabrück", "Landkreis Cloppenburg", "Landkreis Vechta",
            "Landkreis Göttingen", "Landkreis Harburg", "Heidekreis", "Landkreis Schaumburg",
            "Landkreis Lüchow-Dannenberg", "Landkreis Wesermarsch",
        ),
    },
    "NW": {
        "ge100k": (
            "Köln", "Düsseldorf", "Dortmund", "Essen", "Duisburg", "Bochum", "Wuppertal",
            "Bielefeld", "Bonn", "Münster", "Mönchengladbach", "Gelsenkirchen", "Aachen", "Krefeld",
            "Oberhausen", "Hagen", "Hamm", "Mülheim an der Ruhr", "Leverkusen", "Solingen", "Herne",
            "Neuss", "Paderborn", "Bottrop", "Recklinghausen", "Bergisch Gladbach", "Remscheid",
            "Moers", "Siegen", "Gütersloh",
        ),
        "20k_100k": (
            "Witten", "Iserlohn", "Düren", "Ratingen", "Lünen", "Marl", "Velbert", "Minden",
            "Viersen", "Rheine", "Gladbeck", "Troisdorf", "Dorsten", "Detmold", "Castrop-Rauxel",
            "Arnsberg", "Lüdenscheid", "Bocholt", "Unna", "Dinslaken", "Herten", "Kerpen",
            "Grevenbroich", "Herford", "Dormagen", "Bergheim", "Wesel", "Langenfeld (Rheinland)",
            "Hürth", "Stolberg (Rhld.)", "Sankt Augustin", "Euskirchen", "Meerbusch", "Hilden",
            "Ahlen", "Menden (Sauerland)", "Bad Salzuflen", "Lippstadt", "Soest", "Coesfeld",
            "Warendorf", "Emsdetten", "Kamen", "Haltern am See", "Xanten", "Kleve", "Goch",
            "Geldern", "Brühl", "Wesseling", "Erftstadt", "Frechen", "Pulheim", "Hennef (Sieg)",
            "Königswinter", "Meckenheim", "Olpe", "Meschede", "Brilon", "Beckum", "Oelde", "Höxter",
            "Lemgo", "Bünde", "Löhne", "Bad Oeynhausen", "Lübbecke", "Ibbenbüren", "Greven",
            "Gronau (Westf.)", "Borken", "Ahaus", "Schmallenberg", "Alfter",
        ),
        "5k_20k": (
            "Monschau", "Schleiden", "Bad Berleburg", "Winterberg", "Medebach", "Nideggen",
            "Rahden", "Nieheim", "Bad Driburg", "Steinheim", "Blomberg", "Horn-Bad Meinberg",
            "Kalletal", "Lügde", "Schieder-Schwalenberg", "Schöppingen", "Legden", "Heek",
            "Metelen", "Ostbevern", "Everswinkel", "Wadersloh", "Lippetal", "Bestwig", "Eslohe",
            "Finnentrop", "Kirchhundem", "Wenden", "Burbach", "Hellenthal", "Blankenheim", "Kall",
            "Nettersheim", "Wachtberg", "Swisttal", "Nörvenich", "Titz", "Uedem", "Kranenburg",
            "Sonsbeck", "Alpen", "Hünxe", "Schermbeck",
        ),
        "lt5k": ("Dahlem", "Hallenberg", "Heimbach"),
        "landkreis": (
            "Kreis Lippe", "Kreis Paderborn", "Rhein-Sieg-Kreis", "Kreis Soest", "Kreis Warendorf",
            "Hochsauerlandkreis", "Kreis Euskirchen", "Kreis Coesfeld", "Kreis Steinfurt",
            "Märkischer Kreis", "Rhein-Erft-Kreis", "Kreis Höxter", "Oberbergischer Kreis",
            "Kreis Kleve",
        ),
    },
    "RP": {
        "ge100k": ("Mainz", "Ludwigshafen am Rhein", "Koblenz", "Trier", "Kaiserslautern"),
        "20k_100k": (
            "Worms", "Neuwied", "Neustadt an der Weinstraße", "Speyer", "Frankenthal (Pfalz)",
            "Bad Kreuznach", "Landau in der Pfalz", "Pirmasens", "Zweibrücken", "Andernach",
            "Ingelheim am Rhein", "Bingen am Rhein", "Idar-Oberstein", "Mayen", "Haßloch",
            "Bad Neuenahr-Ahrweiler", "Germersheim",
        ),
        "5k_20k": (
            "Lahnstein", "Cochem", "Wittlich", "Bitburg", "Prüm", "Daun", "Gerolstein", "Alzey",
            "Bad Dürkheim", "Montabaur", "Diez", "Bad Ems", "Boppard", "Simmern/Hunsrück", "Kusel",
            "Kirn", "Saarburg", "Annweiler am Trifels", "Westerburg", "Altenkirchen (Westerwald)",
            "Hachenburg", "Betzdorf",
        ),
        "lt5k": (
            "Manderscheid", "Hillesheim", "Kirchberg (Hunsrück)", "Ulmen", "Waldbreitbach",
            "Deidesheim", "Oberwesel", "St. Goar",
        ),
        "landkreis": (
            "Landkreis Mayen-Koblenz", "Westerwaldkreis", "Rhein-Hunsrück-Kreis",
            "Landkreis Südwestpfalz", "Eifelkreis Bitburg-Prüm", "Landkreis Bad Kreuznach",
        ),
    },
    "SL": {
        "ge100k": ("Saarbrücken",),
        "20k_100k": (
            "Neunkirchen", "Homburg", "Völklingen", "St. Ingbert", "Saarlouis", "Merzig",
            "St. Wendel", "Blieskastel",
        ),
        "5k_20k": (
            "Lebach", "Ottweiler", "Wadern", "Perl", "Mettlach", "Losheim am See", "Illingen",
            "Tholey", "Nohfelden",
        ),
        "landkreis": ("Landkreis Merzig-Wadern", "Saarpfalz-Kreis"),
    },
    "SN": {
        "ge100k": ("Leipzig", "Dresden", "Chemnitz"),
        "20k_100k": (
            "Zwickau", "Plauen", "Görlitz", "Freiberg", "Bautzen", "Freital", "Pirna", "Radebeul",
            "Riesa", "Hoyerswerda", "Meißen", "Grimma", "Zittau", "Delitzsch", "Markkleeberg",
            "Limbach-Oberfrohna", "Glauchau", "Coswig", "Döbeln", "Werdau",
        ),
        "5k_20k": (
            "Annaberg-Buchholz", "Crimmitschau", "Oschatz", "Kamenz", "Löbau", "Marienberg",
            "Oelsnitz/Vogtl.", "Schwarzenberg/Erzgeb.", "Stollberg/Erzgeb.", "Borna", "Wurzen",
            "Eilenburg", "Niesky", "Sebnitz", "Dippoldiswalde", "Rochlitz",
        ),
        "lt5k": ("Seiffen/Erzgeb.", "Oberwiesenthal", "Oybin", "Bad Schandau", "Königstein"),
        "landkreis": (
            "Landkreis Görlitz", "Erzgebirgskreis", "Landkreis Leipzig", "Landkreis Meißen",
            "Vogtlandkreis",
        ),
    },
    "ST": {
        "ge100k": ("Halle (Saale)", "Magdeburg"),
        "20k_100k": (
            "Dessau-Roßlau", "Lutherstadt Wittenberg", "Bitterfeld-Wolfen", "Halberstadt",
            "Stendal", "Weißenfels", "Merseburg", "Bernburg (Saale)", "Naumburg (Saale)",
            "Wernigerode", "Schönebeck (Elbe)", "Zeitz", "Sangerhausen", "Quedlinburg",
            "Köthen (Anhalt)", "Aschersleben", "Burg", "Salzwedel", "Gardelegen", "Zerbst/Anhalt",
            "Lutherstadt Eisleben",
        ),
        "5k_20k": (
            "Hettstedt", "Haldensleben", "Oschersleben (Bode)", "Wanzleben-Börde", "Genthin",
            "Havelberg", "Osterburg (Altmark)", "Thale", "Blankenburg (Harz)",
        ),
        "landkreis": (
            "Landkreis Harz", "Altmarkkreis Salzwedel", "Burgenlandkreis", "Salzlandkreis",
            "Landkreis Börde",
        ),
    },
    "SH": {
        "ge100k": ("Kiel", "Lübeck"),
        "20k_100k": (
            "Flensburg", "Neumünster", "Norderstedt", "Elmshorn", "Pinneberg", "Wedel",
            "Ahrensburg", "Itzehoe", "Geesthacht", "Henstedt-Ulzburg", "Rendsburg", "Reinbek",
            "Bad Oldesloe", "Schleswig", "Husum", "Heide", "Kaltenkirchen", "Quickborn",
            "Eckernförde",
        ),
        "5k_20k": (
            "Bad Segeberg", "Mölln", "Ratzeburg", "Plön", "Eutin", "Preetz", "Neustadt in Holstein",
            "Niebüll", "Brunsbüttel", "Glückstadt", "Meldorf", "Kappeln", "Oldenburg in Holstein",
        ),
        "lt5k": ("Friedrichstadt", "Wyk auf Föhr", "Garding", "Arnis"),
        "landkreis": (
            "Kreis Nordfriesland", "Kreis Dithmarschen", "Kreis Ostholstein",
            "Kreis Rendsburg-Eckernförde",
        ),
    },
    "TH": {
        "ge100k": ("Erfurt", "Jena"),
        "20k_100k": (
            "Gera", "Weimar", "Gotha", "Nordhausen", "Eisenach", "Suhl", "Mühlhausen/Thüringen",
            "Altenburg", "Ilmenau", "Saalfeld/Saale", "Arnstadt", "Sonneberg", "Rudolstadt",
            "Sondershausen", "Bad Salzungen", "Apolda", "Meiningen",
        ),
        "5k_20k": (
            "Greiz", "Zeulenroda-Triebes", "Sömmerda", "Heilbad Heiligenstadt", "Leinefelde-Worbis",
            "Schmalkalden", "Hildburghausen", "Pößneck", "Schleiz", "Bad Langensalza", "Artern",
            "Eisenberg",
        ),
        "lt5k": ("Saalburg-Ebersdorf", "Schwarzburg", "Ummerstadt", "Tanna", "Heldburg"),
        "landkreis": (
            "Landkreis Saalfeld-Rudolstadt", "Wartburgkreis", "Unstrut-Hainich-Kreis", "Ilm-Kreis",
        ),
    },
}
# fmt: on


def pool(land: str) -> list[tuple[str, str]]:
    """Every (municipality, size class) of a Land, in a fixed order."""
    classes = MUNICIPALITIES[land]
    return [(name, size) for size in SIZE_CLASSES for name in classes.get(size, ())]


def place_names() -> tuple[str, ...]:
    """Every municipality, district and Landkreis of all Länder: the place list with which the
    reports mask quotes (``umfrage.loaders.report.masker_for``), besides the register's own."""
    return tuple(name for land in MUNICIPALITIES for name, _ in pool(land))


# Synthetic contact persons: common German first names and surnames, combined at random.
# fmt: off
FIRST_NAMES: tuple[str, ...] = (
    "Anna", "Andrea", "Birgit", "Claudia", "Daniela", "Elena", "Franziska", "Gabriele", "Hannah",
    "Ines", "Julia", "Katharina", "Kerstin", "Laura", "Lena", "Maria", "Melanie", "Nadine",
    "Nicole", "Petra", "Sabine", "Sandra", "Silke", "Stefanie", "Susanne", "Tanja", "Ulrike",
    "Yvonne", "Ayşe", "Leyla", "Andreas", "Christian", "Daniel", "Frank", "Jan", "Jens", "Jonas",
    "Klaus", "Markus", "Martin", "Matthias", "Michael", "Oliver", "Peter", "Ralf", "Stefan",
    "Thomas", "Tobias", "Uwe", "Emre", "Mehmet", "Piotr",
)

LAST_NAMES: tuple[str, ...] = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
    "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
    "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner",
    "Schmitz", "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann",
    "König", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller",
    "Weiß", "Jung", "Hahn", "Schubert", "Vogel", "Friedrich", "Keller", "Günther", "Frank",
    "Berger", "Winkler", "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster",
    "Simon", "Ludwig", "Böhm", "Winter", "Kraus", "Martin", "Schumacher", "Krämer", "Vogt", "Stein",
    "Jäger", "Otto", "Sommer", "Groß", "Seidel", "Heinrich", "Brandt", "Haas", "Yılmaz", "Kaya",
    "Nowak", "Kowalski",
)
# fmt: on
