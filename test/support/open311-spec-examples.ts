/**
 * The Open311 GeoReport v2 specification's own example requests and JSON answers, for the contract
 * test (test/integration/open311-contract.test.ts). Taken from the specification's documentation:
 * http://wiki.open311.org/GeoReport_v2 and http://wiki.open311.org/Service_Discovery, whose sources are
 * kept in the repository open311/open311.github.io (GeoReport_v2/index.md, Service_Discovery.md).
 *
 * Where an example list has several elements of one shape, the first is kept. The specification's
 * JSON tabs write some codes as `001` or `006`, which is not JSON (a number cannot start with 0): those
 * are written here as the XML tab gives them, as text, which is also how its "Spark convention" maps
 * XML text to JSON. Every other value is as the JSON tab writes it, numbers included.
 */

const WIKI = 'http://wiki.open311.org/GeoReport_v2';
const SPEC_SOURCE = 'open311/open311.github.io GeoReport_v2/index.md';

export const discovery = {
  source:
    'http://wiki.open311.org/Service_Discovery (open311/open311.github.io Service_Discovery.md), "Examples", JSON',
  /** "This url must end in /discovery.<format>". */
  request: { method: 'GET', path: '/discovery.json' },
  answer: {
    changeset: '2011-02-03 14:18',
    contact: 'You can email or call for assistance api@mycity.org +1 (555) 555-5555',
    key_service: 'You can request a key here: http://api.mycity.gov/api_key/request',
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: 'http://open311.mycity.gov/v2',
        changeset: '2010-11-23 09:01',
        type: 'production',
        formats: ['text/xml'],
      },
    ],
  },
} as const;

export const serviceList = {
  source: `${WIKI}#GET_Service_List (${SPEC_SOURCE}), "Sample URL" and "Example response", JSON`,
  request: { method: 'GET', path: '/services.xml', query: 'jurisdiction_id=city.gov' },
  /** Its first service; `service_code` as the XML tab gives it (`001` is not JSON). */
  answer: [
    {
      service_code: '001',
      service_name: 'Cans left out 24x7',
      description:
        'Garbage or recycling cans that have been left out for more than 24 hours after collection. Violators will be cited.',
      metadata: true,
      type: 'realtime',
      keywords: 'lorem, ipsum, dolor',
      group: 'sanitation',
    },
  ],
} as const;

export const serviceDefinition = {
  source: `${WIKI}#GET_Service_Definition (${SPEC_SOURCE}), "Sample URL" and "Example response", JSON`,
  request: { method: 'GET', path: '/services/033.xml', query: 'jurisdiction_id=city.gov' },
  answer: {
    service_code: 'DMV66',
    attributes: [
      {
        variable: true,
        code: 'WHISHETN',
        datatype: 'singlevaluelist',
        required: true,
        datatype_description: null,
        order: 1,
        description: 'What is the ticket/tag/DL number?',
        values: [
          { key: 123, name: 'Ford' },
          { key: 124, name: 'Chrysler' },
        ],
      },
    ],
  },
} as const;

export const postServiceRequest = {
  source: `${WIKI}#POST_Service_Request (${SPEC_SOURCE}), "Example Request" and "Example response", JSON`,
  request: {
    method: 'POST',
    path: '/requests.xml',
    contentType: 'application/x-www-form-urlencoded; charset=utf-8',
    body:
      'api_key=xyz&jurisdiction_id=city.gov&service_code=001&lat=37.76524078&long=-122.4212043' +
      '&address_string=1234+5th+street&email=smit333%40sfgov.edu&device_id=tt222111&account_id=123456' +
      '&first_name=john&last_name=smith&phone=111111111' +
      '&description=A+large+sinkhole+is+destroying+the+street' +
      '&media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg' +
      '&attribute[WHISPAWN]=123456&attribute[WHISDORN]=COISL001',
  },
  answer: [
    {
      service_request_id: 293944,
      service_notice:
        'The City will inspect and require the responsible party to correct within 24 hours and/or issue a Correction Notice or Notice of Violation of the Public Works Code',
      account_id: null,
    },
  ],
} as const;

export const serviceRequests = {
  source: `${WIKI}#GET_Service_Requests (${SPEC_SOURCE}), "Sample URL" and "Example response", JSON`,
  request: {
    method: 'GET',
    path: '/requests.xml',
    query:
      'start_date=2010-05-24T00:00:00Z&end_date=2010-06-24T00:00:00Z&status=open&jurisdiction_id=city.gov',
  },
  /** Its first request; `service_code` as the XML tab gives it (`006` is not JSON). */
  answer: [
    {
      service_request_id: 638344,
      status: 'closed',
      status_notes: 'Duplicate request.',
      service_name: 'Sidewalk and Curb Issues',
      service_code: '006',
      description: null,
      agency_responsible: null,
      service_notice: null,
      requested_datetime: '2010-04-14T06:37:38-08:00',
      updated_datetime: '2010-04-14T06:37:38-08:00',
      expected_datetime: '2010-04-15T06:37:38-08:00',
      address: '8TH AVE and JUDAH ST',
      address_id: 545483,
      zipcode: 94122,
      lat: 37.762221815,
      long: -122.4651145,
      media_url: 'http://city.gov.s3.amazonaws.com/requests/media/638344.jpg ',
    },
  ],
} as const;

export const serviceRequest = {
  source: `${WIKI}#GET_Service_Request (${SPEC_SOURCE}), "Sample URL" and "Example response", JSON`,
  request: { method: 'GET', path: '/requests/123456.xml', query: 'jurisdiction_id=city.gov' },
  /** The same request as GET Service Requests' first one, as an array of one. */
  answer: serviceRequests.answer,
} as const;

export const error = {
  source: `${WIKI}#Errors (${SPEC_SOURCE}), "Example", JSON`,
  /** "403 for errors because of wrong or missing api_key", "404 for resources that don't exist", "400 for any other". */
  status: 403,
  answer: [{ code: 403, description: "Invalid api_key received -- can't proceed with create_request." }],
} as const;

/** "Possible Errors" of every method: an unknown jurisdiction_id is not found, not a bad request. */
export const jurisdictionNotFoundStatus = 404;
